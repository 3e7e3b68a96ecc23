# Records what Jekyll 4.3 (Debian: Psych.safe_load, then Utils.parse_date = Time.parse(value.to_s).localtime)
# makes of front-matter date spellings, in the site zone Asia/Shanghai.
# Usage: ruby scripts/ruby-dates.rb test/unit/fixtures/date-spellings.txt > test/unit/fixtures/ruby-dates.json
require 'time'
require 'date'
require 'psych'
require 'json'
ENV['TZ'] = 'Asia/Shanghai'
rows = File.readlines(ARGV[0], chomp: true).reject { |l| l.empty? || l.start_with?('#') }.map do |line|
  yaml = "date: #{line}\n"
  row = { 'yaml' => line }
  begin
    v = Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true)['date']
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
