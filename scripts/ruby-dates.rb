# Records what upstream Jekyll 4 and GitHub Pages (SafeYAML.load with the vendored SafeYAML 1.0.5, then
# Utils.parse_date = Time.parse(value.to_s).localtime) make of front-matter date spellings, in the site zone
# Asia/Shanghai. Needs ../shared/jekyll-oracles beside the checkout (or SAFE_YAML_LIB).
# Usage: ruby scripts/ruby-dates.rb test/unit/fixtures/date-spellings.txt > test/unit/fixtures/ruby-dates.json
require 'time'
require 'date'
require 'psych'
require 'json'
$LOAD_PATH.unshift(ENV['SAFE_YAML_LIB'] || File.expand_path('../../shared/jekyll-oracles/vendor/gems/gems/safe_yaml-1.0.5/lib', __dir__))
require 'safe_yaml/load'
SafeYAML::OPTIONS[:suppress_warnings] = true
ENV['TZ'] = 'Asia/Shanghai'
rows = File.readlines(ARGV[0], chomp: true).reject { |l| l.empty? || l.start_with?('#') }.map do |line|
  yaml = "date: #{line}\n"
  row = { 'yaml' => line }
  begin
    v = SafeYAML.load(yaml)['date']
    row['yamlType'] = v.nil? ? 'nil' : (v.is_a?(Integer) ? 'Integer' : (v == true || v == false) ? 'Boolean' : v.class.name)
    row['input'] = v.to_s
    t = Time.parse(v.to_s).localtime
    row['shown'] = t.strftime('%Y-%m-%d %H:%M:%S %z')
  rescue ArgumentError => e
    row['error'] = e.message
  rescue Psych::SyntaxError => e
    row['yamlError'] = e.message
  end
  row
end
puts JSON.pretty_generate(rows)
