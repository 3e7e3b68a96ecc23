# What the real builders make of front matters, for test/unit/yaml-diff.test.ts and dates-diff.test.ts.
#
# Reads JSON lines on stdin, one object per front matter: {"yaml": TEXT, "tzs": [null, "Asia/Shanghai", ...],
# "now": EPOCH_SECONDS (optional: Time.parse's `now`, which fills the fields a date leaves out; default the real
# now, as Jekyll), "safeOnly": true (optional: skip Debian's loader)}
# where TEXT is what Jekyll hands to its YAML loader (Document::YAML_FRONT_MATTER_REGEXP's first group: the
# opening `---` line and the lines up to the closing one). Writes one JSON line per input, in order:
#   {"safe": R, "psych": R}
# - safe: upstream Jekyll 4.4.1 and GitHub Pages' Jekyll 3.10: `SafeYAML.load(yaml)` (SafeYAML 1.0.5, the
#   vendored gem, with the option Jekyll sets: suppress_warnings).
# - psych: Debian's jekyll 4.3.1 (Jekyll::Utils.safe_load_yaml: Psych.safe_load(yaml, permitted_classes:
#   [Date, Time], aliases: true), its ArgumentError fallback included).
# R is {"ok": true, "value": TYPED, "dates": {TZ: D}} or {"ok": false, "error": "Class: message"}.
# TYPED: strings and booleans and null as JSON; {"int": "12"}, {"float": 1.5 | "inf" | "-inf" | "nan"},
# {"date": "2021-12-08"}, {"time": EPOCH_SECONDS, "nsec": N, "off": UTC_OFFSET_SECONDS}, {"sym": "x"},
# arrays as arrays, {"map": [[KEY, VALUE], ...]} (keys typed too, in Ruby's order), {"cycle": true} for an
# alias that contains itself, {"other": CLASS}.
# D, when the value is a mapping with a "date" key: what Jekyll's Document#merge_date! does with it,
# Utils.parse_date(value.to_s) = Time.parse(input).localtime with ENV['TZ'] set as Jekyll sets it from the
# site's `timezone:` (null: no timezone, the builder's TZ=UTC): {"input": S, "epoch": SECONDS, "nsec": N,
# "off": UTC_OFFSET_SECONDS} or {"input": S, "error": ArgumentError's message} (Jekyll aborts the build).
#
# Usage: ruby scripts/ruby-yaml.rb [SAFE_YAML_LIB] < cases.jsonl > results.jsonl
# SAFE_YAML_LIB defaults to ../shared/jekyll-oracles/vendor/gems/gems/safe_yaml-1.0.5/lib beside the checkout.
require 'json'
require 'time'
require 'date'
require 'psych'

safe_lib = ARGV[0] || File.expand_path('../../shared/jekyll-oracles/vendor/gems/gems/safe_yaml-1.0.5/lib', __dir__)
abort "ruby-yaml.rb: no SafeYAML at #{safe_lib}" unless File.exist?(File.join(safe_lib, 'safe_yaml/load.rb'))
$LOAD_PATH.unshift(safe_lib)
require 'safe_yaml/load'
SafeYAML::OPTIONS[:suppress_warnings] = true # as lib/jekyll.rb does

def enc(v, depth = 0)
  return { 'cycle' => true } if depth > 40
  case v
  when String
    s = v.dup.force_encoding('UTF-8')
    s.valid_encoding? ? s : { 'bytes' => v.bytes }
  when Integer then { 'int' => v.to_s }
  when Float then { 'float' => v.nan? ? 'nan' : v.infinite? ? (v > 0 ? 'inf' : '-inf') : v }
  when true, false, nil then v
  when Time then { 'time' => v.to_i, 'nsec' => v.nsec, 'off' => v.utc_offset }
  when DateTime then { 'time' => v.to_time.to_i, 'nsec' => v.to_time.nsec, 'off' => v.to_time.utc_offset }
  when Date then { 'date' => v.iso8601 }
  when Symbol then { 'sym' => v.to_s }
  when Array then v.map { |x| enc(x, depth + 1) }
  when Hash then { 'map' => v.map { |k, x| [enc(k, depth + 1), enc(x, depth + 1)] } }
  else { 'other' => v.class.name }
  end
end

def debian_load(yaml)
  Psych.safe_load(yaml, :permitted_classes => [Date, Time], aliases: true)
rescue ArgumentError
  Psych.safe_load(yaml, [Date, Time])
end

def jekyll_date(value, tzs, now)
  return nil unless value.is_a?(Hash) && value.key?('date')
  input = value['date'].to_s
  shown = input.dup.force_encoding('UTF-8').scrub
  out = {}
  tzs.each do |tz|
    ENV['TZ'] = tz || 'UTC'
    begin
      t = (now ? Time.parse(input, Time.at(now)) : Time.parse(input)).localtime
      out[tz.to_s] = { 'input' => shown, 'epoch' => t.to_i, 'nsec' => t.nsec, 'off' => t.utc_offset }
    rescue ArgumentError => e
      out[tz.to_s] = { 'input' => shown, 'error' => e.message.dup.force_encoding('UTF-8').scrub }
    end
  end
  ENV['TZ'] = 'UTC'
  out
end

def run(tzs, now)
  ENV['TZ'] = 'UTC'
  value = yield
  r = { 'ok' => true, 'value' => enc(value) }
  d = jekyll_date(value, tzs, now)
  r['dates'] = d if d
  r
rescue StandardError, SyntaxError => e
  { 'ok' => false, 'error' => "#{e.class}: #{e.message}".scrub }
end

$stdout.sync = false
$stdin.each_line do |line|
  c = JSON.parse(line)
  yaml = c['yaml']
  tzs = c['tzs'] || [nil]
  r = {}
  now = c['now']
  r['safe'] = run(tzs, now) { SafeYAML.load(yaml) }
  r['psych'] = run(tzs, now) { debian_load(yaml) } unless c['safeOnly']
  begin
    puts JSON.generate(r, max_nesting: false)
  rescue JSON::GeneratorError => e
    puts JSON.generate({ 'safe' => { 'ok' => false, 'error' => "ruby-yaml.rb: cannot write the result as JSON: #{e.message.scrub}" } })
  end
end
