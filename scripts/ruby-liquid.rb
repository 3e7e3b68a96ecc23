# frozen_string_literal: true
#
# The Liquid oracle for test/unit/liquid-diff.test.ts: upstream Jekyll 4.4.1 on Liquid 4.0.4 (what GitHub
# Pages' Jekyll 3.10 and `bundle exec jekyll` 4.4 both run), from ../shared/jekyll-oracles' vendored gems.
# Reads JSON lines {"body": "...", "page": {...}} on stdin and prints one JSON line per body:
#   {"abort": bool, "error": "Liquid syntax error (line 1): ...", "output": "...", "empties": [markup, ...],
#    "rendered": [markup, ...], "warnings": [...]}
# `empties` are the {{ }} markups that rendered an empty string every time they ran, `rendered` those
# that rendered something at least once. Run by `ruby -I <gems> scripts/ruby-liquid.rb SITE_DIR`, with
# GEM_PATH set to the oracles' vendor/gems (see the test).
require "json"
require "tmpdir"

oracle = ENV.fetch("JEKYLL_ORACLES")
pinned = File.readlines(File.join(oracle, "vendor", "SOURCES.lock"), chomp: true)
             .reject { |l| l.start_with?("#") || l.strip.empty? }
             .map { |l| l.split("\t") }
             .select { |row| row[6].to_s.split(",").include?("jekyll4") }
             .reject { |row| row[0].start_with?("jekyll-theme-") }
pinned.each { |name, version, *| gem name, "= #{version}" }
gem "mercenary", ">= 0.3.6", "< 0.5"
require "colorator"
$LOAD_PATH.shift while $LOAD_PATH.size > 1 && $LOAD_PATH.count($LOAD_PATH.first) > 1
require "jekyll"

if ARGV[0] == "--filters"
  # every filter Liquid and Jekyll define, with its arity counting the input: name => [required, most] (-1: any)
  out = {}
  [Liquid::StandardFilters, Jekyll::Filters].each do |m|
    m.public_instance_methods.each do |name|
      ps = m.instance_method(name).parameters
      req = ps.count { |t, _| t == :req }
      out[name.to_s] = [req, ps.any? { |t, _| t == :rest } ? -1 : req + ps.count { |t, _| t == :opt }]
    end
  end
  puts JSON.generate("jekyll" => Jekyll::VERSION, "filters" => out)
  exit 0
end

site_dir = ARGV[0] || Dir.mktmpdir("liquid-oracle")
Jekyll.logger.log_level = :error
site = Jekyll::Site.new(Jekyll.configuration("source" => site_dir, "destination" => File.join(Dir.tmpdir, "liquid-oracle-out"),
                                             "quiet" => true, "safe" => false))
site.reset
site.read
Liquid::Template.error_mode = :warn

# Which {{ }} rendered nothing: every output of a block body records what it printed (not the Variable inside an
# assign, which prints nothing by design).
module RecordOutputs
  def render_node_to_output(node, output, context, skip_output = false)
    rec = context.registers[:recorded]
    return super unless rec && node.is_a?(Liquid::Variable)
    before = output.size
    result = super
    printed = output[before..].to_a.join
    (rec[node.raw.strip] ||= []) << printed.empty?
    result
  end
end
Liquid::BlockBody.prepend(RecordOutputs)

$stdout.sync = true
path = "_posts/2022-05-31-post.md"
STDIN.each_line do |line|
  req = JSON.parse(line)
  body = req["body"]
  recorded = {}
  result = { "abort" => false, "error" => nil, "output" => nil, "warnings" => [] }
  begin
    tpl = Liquid::Template.parse(body, line_numbers: true)
    result["warnings"] = tpl.warnings.map { |w| Jekyll::LiquidRenderer.format_error(w, path) }
    payload = site.site_payload
    payload["page"] = (req["page"] || {})
    info = { registers: { site: site, page: payload["page"], recorded: recorded }, strict_filters: false, strict_variables: false }
    result["output"] = tpl.render!(payload, info)
  rescue Exception => e # Jekyll re-raises whatever rendering raises: the build aborts
    result["abort"] = true
    result["error"] = Jekyll::LiquidRenderer.format_error(e, path)
  end
  result["empties"] = recorded.select { |_, v| v.all? }.keys
  result["rendered"] = recorded.reject { |_, v| v.all? }.keys
  puts JSON.generate(result)
end
