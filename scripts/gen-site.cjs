// Generates a Jekyll news site of N posts for the benchmark (scripts/bench-site.mjs) and the tests: posts written
// here (no corpus text), shaped like a scraper-fed Chinese financial news site, with the defects such sites really
// have mixed in at realistic rates, on a fixed seed (the same arguments always give the same files).
//
//   node scripts/gen-site.cjs --posts 1000 --out /tmp/site [--seed 42] [--odd]
//   require('./scripts/gen-site.cjs').generateSite(dir, { posts: 1000 })
//
// Outlets, companies and hosts are invented. Every defect that makes `jekyll build` abort is only ever written into
// a file Jekyll skips (as on the real site), so the site builds and the Jekyll timing is meaningful. --odd adds
// two binary files, a file that is not UTF-8 and a 20 MB post (for the CLI's "reported, not fatal").
'use strict';
const fs = require('fs');
const path = require('path');

/** mulberry32: small, fast, deterministic. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: arr => arr[Math.floor(next() * arr.length)],
    chance: p => next() < p,
    pct: () => (next() * 9.8 + 0.1).toFixed(2),
  };
  return r;
}

// Invented outlets: Chinese name, the slug a pinyin tool made of it (spaces, parentheses and a case-only twin
// included, as real generated slugs have), and how often they publish.
const OUTLETS = [
  ['江南财经报', 'jiangnancaijingbao', 8], ['海岸证券时讯', 'haianzhengquanshixun', 7], ['北辰金融观察', 'beichenjinrongguancha', 6],
  ['云帆科技日报', 'yunfankejiribao', 5], ['东湖商业评论', 'donghushangyepinglun', 4], ['新桥期货网', 'xinqiaoqihuowang', 4],
  ['锦城晚报', 'jinchengwanbao', 3], ['星海基金周刊', 'xinghaijijinzhoukan', 3], ['远山能源快讯', 'yuanshannengyuankuaixun', 3],
  ['明川经济新闻', 'mingchuanjingjixinwen', 3], ['长河传媒 财经APP', 'changhechuanmei caijingAPP', 1],
  ['南港证券(香港)', 'nangangzhengquan(xianggang)', 1], ['QuantWeb', 'QuantWeb', 1], ['Quantweb', 'Quantweb', 1],
  ['央行网站', 'yangxingwangzhan', 2], ['21世纪财讯', '21shijicaixun', 2],
];
const OUTLET_BAG = OUTLETS.flatMap(o => Array(o[2]).fill(o));
// The long tail: the real site has ~2,000 per-source categories, most with a handful of posts. Invented local
// outlets (city + kind of outlet), their slug the pinyin written together, picked with a Zipf-like skew.
const TAIL_CITIES = [['杭州', 'hangzhou'], ['成都', 'chengdu'], ['武汉', 'wuhan'], ['西安', 'xian'], ['南京', 'nanjing'], ['青岛', 'qingdao'],
  ['厦门', 'xiamen'], ['长沙', 'changsha'], ['合肥', 'hefei'], ['苏州', 'suzhou'], ['宁波', 'ningbo'], ['无锡', 'wuxi'], ['福州', 'fuzhou'],
  ['济南', 'jinan'], ['郑州', 'zhengzhou'], ['昆明', 'kunming'], ['南宁', 'nanning'], ['贵阳', 'guiyang'], ['太原', 'taiyuan'], ['兰州', 'lanzhou'],
  ['沈阳', 'shenyang'], ['大连', 'dalian'], ['长春', 'changchun'], ['哈尔滨', 'haerbin'], ['石家庄', 'shijiazhuang'], ['南昌', 'nanchang'],
  ['海口', 'haikou'], ['温州', 'wenzhou'], ['佛山', 'foshan'], ['东莞', 'dongguan'], ['珠海', 'zhuhai'], ['泉州', 'quanzhou'], ['烟台', 'yantai'],
  ['徐州', 'xuzhou'], ['常州', 'changzhou'], ['绍兴', 'shaoxing'], ['嘉兴', 'jiaxing'], ['台州', 'taizhou'], ['扬州', 'yangzhou'], ['洛阳', 'luoyang']];
const TAIL_KINDS = [['日报', 'ribao'], ['晚报', 'wanbao'], ['商报', 'shangbao'], ['财经', 'caijing'], ['证券报', 'zhengquanbao'], ['新闻网', 'xinwenwang'],
  ['经济观察', 'jingjiguancha'], ['融媒体中心', 'rongmeitizhongxin'], ['发布', 'fabu'], ['科技', 'keji'], ['金融网', 'jinrongwang'],
  ['都市报', 'dushibao'], ['广播电视台', 'guangbodianshitai'], ['时报', 'shibao'], ['投资者网', 'touzizhewang']];
const TAIL = TAIL_CITIES.flatMap(c => TAIL_KINDS.map(k => [c[0] + k[0], c[1] + k[1], 1]));
const outletOf = r => (r.chance(0.6) ? r.pick(OUTLET_BAG) : TAIL[Math.floor(TAIL.length * r.next() ** 2)]);
const ROLLING = { slug: 'kuaixun', tag: '滚动快讯', home: '//news.example.cn' };

const COMPANIES = ['华岳科技', '东临银行', '青禾农业', '远航物流', '启明新能源', '瑞丰医药', '澄江钢铁', '星途汽车', '海润化工', '北岭矿业',
  '云川电子', '嘉禾食品', '天衡保险', '泰和地产', '明德教育', '锐思半导体', '长风航空', '安澜水务', '恒信证券', '博远软件'];
const INDEXES = ['上证指数', '深证成指', '创业板指', '科创50', '恒生指数', '恒生科技指数'];
const SECTORS = ['半导体', '新能源车', '光伏', '白酒', '券商', '医药', '煤炭', '航运', '军工', '游戏', '储能', '房地产'];
const CITIES = ['杭州', '成都', '武汉', '西安', '南京', '青岛', '厦门', '长沙', '合肥', '苏州'];
const PERIODS = ['一季度', '上半年', '前三季度', '2023年度'];
const AGENCIES = ['央行', '国家统计局', '证监会', '财政部', '商务部'];

function title(r) {
  const c = r.pick(COMPANIES);
  switch (r.int(0, 9)) {
    case 0: return `${c}：${r.pick(PERIODS)}净利润同比增长${r.pct()}%`;
    case 1: return `央行开展${r.int(2, 80) * 10}亿元${r.pick(['7天', '14天'])}逆回购操作 中标利率${(1.5 + r.next()).toFixed(2)}%`;
    case 2: return `${r.pick(INDEXES)}收盘${r.pick(['涨', '跌'])}${r.pct()}% ${r.pick(SECTORS)}板块${r.pick(['领涨', '领跌', '午后拉升', '冲高回落'])}`;
    case 3: return `${r.pick(CITIES)}出台${r.pick(['购房', '人才', '消费', '产业'])}新政 ${r.pick(['首套房首付比例下调', '发放专项消费券', '设立百亿产业基金', '放宽落户条件'])}`;
    case 4: return `港股午评｜${r.pick(INDEXES.slice(4))}${r.pick(['微涨', '微跌', '涨超1%', '跌超1%'])} ${r.pick(SECTORS)}股${r.pick(['走强', '走弱', '分化'])}`;
    case 5: return `“${r.pick(['不会裁员', '订单饱满', '产能已满', '没有计划'])}” ${c}回应${r.pick(['市场传闻', '股价异动', '投资者关切'])}`;
    case 6: return `${r.pick(AGENCIES)}：${r.int(1, 12)}月${r.pick(['CPI同比上涨', 'PPI同比下降', '社会消费品零售总额增长', '规模以上工业增加值增长'])}${r.pct()}%`;
    case 7: return `${c}拟投资${r.int(2, 300)}亿元建设${r.pick(['智能制造基地', '研发中心', '数据中心', '锂电池项目'])}`;
    case 8: return `${r.pick(SECTORS)}板块${r.pick(['异动拉升', '持续走弱', '集体走强'])} ${c}${r.pick(['涨停', '跌停', '涨超5%', '跌超5%'])}`;
    default: return `${c}获${r.pick(['北向资金', '机构', '社保基金'])}${r.pick(['增持', '调研', '加仓'])} ${r.pick(['持股比例升至', '累计买入'])}${r.pct()}%`;
  }
}

function sentence(r, t) {
  const c = r.pick(COMPANIES);
  return r.pick([
    `${t.replace(/。$/, "")}。`,
    `${c}今日晚间公告称，公司${r.pick(PERIODS)}实现营业收入${r.int(3, 900)}.${r.int(10, 99)}亿元，同比${r.pick(['增长', '下降'])}${r.pct()}%。`,
    `据${r.pick(CITIES)}市相关部门介绍，新政自下月起实施，预计将带动相关投资超过${r.int(10, 500)}亿元。`,
    `分析人士指出，${r.pick(SECTORS)}行业景气度${r.pick(['有望延续', '短期承压', '逐步回升'])}，建议关注龙头企业的估值修复机会。`,
    `截至收盘，${r.pick(INDEXES)}报${r.int(2800, 12000)}.${r.int(10, 99)}点，两市成交额${r.int(6000, 15000)}亿元。`,
    `${c}相关负责人表示，目前公司生产经营正常，${r.pick(['订单较为充足', '各项业务稳步推进', '未受到明显影响'])}。`,
    `${r.pick(AGENCIES)}有关负责人在发布会上表示，将继续加大对实体经济的支持力度。`,
  ]);
}

function stockSpan(r) {
  const code = String(r.int(600000, 605999));
  const name = r.pick(COMPANIES);
  return r.chance(0.5)
    ? `<span id="stock_1.${code}"><a href="http://quote.example.cn/unify/r/1.${code}" class="keytip" data-code="1,${code}">${name}</a></span><span id="quote_1.${code}"></span>`
    : `<span web="1" href="http://quote.example.cn/unify/r/1.${code}" class="em_stock_key_common" data-code="1,${code}">${name}</span>`;
}

function klineBlock(r) {
  const bk = `BK0${r.int(400, 999)}`;
  return `<p style="display:none;height:1px;overflow:hidden;"><br /></p><!-- EM_StockImg_Start --><p style="text-align:center;"><a href="http://quote.example.cn/unify/r/90.${bk}" class="EmImageRemark" target="_blank"><img src="https://kline.example.cn/GetPic.aspx?nid=90.${bk}&imageType=k&at=1" border="0" alt="K图 ${bk}_0" width="578" height="276" /></a></p><!-- EM_StockImg_End -->`;
}

function htmlBody(r, t, source) {
  const paras = [];
  const n = r.int(3, 14);
  for (let i = 0; i < n; i++) {
    let s = sentence(r, t);
    if (r.chance(0.3)) s = s.replace(/。$/, `，${stockSpan(r)}等个股${r.pick(['涨幅居前', '跌幅居前', '成交活跃'])}。`);
    if (i === 0 && r.chance(0.2)) s = `<strong>${r.pick(['事件回顾', '市场表现', '机构观点'])}</strong>`;
    paras.push(`<p>${s}${r.chance(0.1) ? '<br />' : ''}</p>`);
  }
  if (r.chance(0.3)) paras.splice(r.int(1, paras.length), 0, klineBlock(r));
  if (r.chance(0.15)) paras.push(`<center><img src="https://img.example.cn/news/${r.int(1e8, 9e8)}_w800h555.jpg" alt="${r.pick(['Image', 'image', '图片'])}" width="552" /></center>`);
  paras.push(`<p class="em_media">（文章来源：${source}）</p>`);
  return paras.join(r.chance(0.8) ? '' : '\n  ');
}

const pad = n => String(n).padStart(2, '0');
/** Wall-clock parts of an epoch in UTC+8. */
function local(ms) {
  const d = new Date(ms + 8 * 3600e3);
  return { y: d.getUTCFullYear(), mo: pad(d.getUTCMonth() + 1), d: pad(d.getUTCDate()), h: pad(d.getUTCHours()), mi: pad(d.getUTCMinutes()), s: pad(d.getUTCSeconds()) };
}

/** The text and file name of post number i (newest first: the dates go back from `end`, ~300 a day). */
function makePost(r, i, opts) {
  const ms = opts.end - i * Math.floor(86400e3 / opts.perDay) - r.int(0, 200) * 1000;
  const L = local(ms);
  const day = `${L.y}-${L.mo}-${L.d}`;
  const id = `${L.y}${L.mo}${L.d}${String(2000000000 + i).slice(-10)}`;
  const kind = r.next();
  const family = kind < 0.5 ? 'digest' : kind < 0.75 ? 'rolling-html' : 'outlet';
  const outlet = family === 'outlet' ? outletOf(r) : null;
  let t = title(r);
  if (r.chance(0.02)) t += '。';
  const oldStyle = r.chance(0.45); // the older generator: no UTC offset, relative footer links
  const defects = [];
  let dateValue = `${day} ${L.h}:${L.mi}:${L.s}${oldStyle ? '' : ' +0800'}`;
  let name = `${day}-${family === 'outlet' ? 'NW' : ''}${id}.md`;
  let titleLine = `"${t}"`;
  let extraFm = '';
  if (r.chance(0.005)) {
    // the scraper lost the date: no date in the name, empty title, only the zone left (Jekyll skips the file)
    name = `-${id}.md`; titleLine = '""'; dateValue = ' +0800'; defects.push('filename-no-date');
  } else if (r.chance(0.002)) {
    // an ASCII quote pasted into the title without escaping: a YAML error, the front matter is ignored
    titleLine = `"${t.slice(0, 4)}"${r.pick(['不行', '暂停', '利好'])}"${t.slice(4)}"`; defects.push('yaml-syntax');
  } else if (r.chance(0.003)) {
    extraFm = 'published: false\n'; defects.push('unpublished');
  } else if (r.chance(0.002)) {
    // scheduled far ahead (Jekyll holds it back)
    const f = local(Date.UTC(2099, 0, 1) + i * 60e3);
    name = `${f.y}-${f.mo}-${f.d}-${id}.md`; dateValue = `${f.y}-${f.mo}-${f.d} 08:00:00 +0800`; defects.push('future-date');
  }
  const categories = outlet ? outlet[1] : ROLLING.slug;
  const tags = outlet ? `${outlet[0]}新闻` : ROLLING.tag;
  if (outlet && /\s/.test(outlet[1])) defects.push('categories-split');
  let fm = `---\nlayout: post\ntitle: ${titleLine}\ndate: ${dateValue}\ncategories: ${categories}\ntags: ${tags}\n${extraFm}---\n`;
  if (r.chance(0.02)) { fm = '\n' + fm; defects.push('frontmatter-not-at-start'); }

  const digest = [sentence(r, t), sentence(r, t)].join('');
  const link = r.chance(0.01) ? '<>' : outlet
    ? `<http://news.example.cn/share/NewsShare.html?infoCode=NW${id}>`
    : `<http://finance.example.cn/news/${r.pick(['1344', '1350', '1354', '11060'])},${id}.html>`;
  let nav = '';
  if (outlet) nav = `[返回${outlet[0]}新闻](//news.example.cn/category/${outlet[1]}.html)｜[返回首页](//news.example.cn/)`;
  else if (r.chance(0.85)) nav = oldStyle ? `[返回${ROLLING.tag}](../${ROLLING.slug}/)\n[返回首页](../)` : `[返回${ROLLING.tag}](${ROLLING.home}/${ROLLING.slug}/)｜[返回首页](${ROLLING.home}/)`;
  let body;
  if (family === 'digest') body = `\n${digest}\n\n${link}`;
  else if (family === 'rolling-html') body = `> ${digest}\n\n${htmlBody(r, t, r.pick(OUTLET_BAG)[0])}\n\n${link}`;
  else body = `\n${htmlBody(r, t, outlet[0])}\n\n${link}`;
  if (nav) body += `\n\n${nav}`;
  if (r.chance(0.02)) body += '\n';
  // what the checker can see: front matter Jekyll does not read hides the date's and the categories' faults
  const read = !defects.includes('yaml-syntax') && !defects.includes('frontmatter-not-at-start');
  if (read && !/[+-]\d{4}$/.test(dateValue)) defects.push('date-no-offset');
  return { name, text: fm + body, defects: read ? defects : defects.filter(d => d !== 'categories-split'), category: categories };
}

const CONFIG = `# A generated news site (scripts/gen-site.cjs).
title: 财经快讯
description: 滚动财经新闻
lang: zh-CN
timezone: Asia/Shanghai
permalink: /:categories/:year/:month/:day/:title.html
exclude: [old_post]
`;
const LAYOUTS = {
  'default.html': '<!DOCTYPE html>\n<html lang="{{ site.lang }}">\n<head><meta charset="utf-8"><title>{{ page.title }} | {{ site.title }}</title></head>\n<body>\n{{ content }}\n</body>\n</html>\n',
  'post.html': '---\nlayout: default\n---\n<small>{{ page.date | date: "%Y-%m-%d %H:%M:%S" }}</small>\n<h1>{{ page.title }}</h1>\n{{ content }}\n{% if page.tags %}<small>{{ page.tags | join: " - " }}</small>{% endif %}\n',
  'category.html': '---\nlayout: default\n---\n<h1>{{ page.title }}</h1>\n',
};

/**
 * Writes a site of `posts` posts into `dir` (created; must be empty or absent). Returns the files written and the
 * count of each defect planted. Options: seed, perDay (posts a day), end (ms: the newest post's time), odd.
 */
function generateSite(dir, options = {}) {
  const opts = { posts: 1000, seed: 20240630, perDay: 300, end: Date.UTC(2024, 5, 30, 10, 0, 0), odd: false, ...options };
  const r = rng(opts.seed);
  fs.mkdirSync(path.join(dir, '_posts'), { recursive: true });
  fs.mkdirSync(path.join(dir, '_layouts'), { recursive: true });
  fs.writeFileSync(path.join(dir, '_config.yml'), CONFIG);
  for (const [f, t] of Object.entries(LAYOUTS)) fs.writeFileSync(path.join(dir, '_layouts', f), t);
  fs.writeFileSync(path.join(dir, 'index.md'), '---\nlayout: default\ntitle: 首页\n---\n\n最新快讯见各栏目。\n');
  const defects = {};
  const categories = new Set();
  const files = [];
  let bytes = 0;
  for (let i = 0; i < opts.posts; i++) {
    const p = makePost(r, i, opts);
    const file = path.join(dir, '_posts', p.name);
    fs.writeFileSync(file, p.text);
    bytes += Buffer.byteLength(p.text);
    files.push(file);
    for (const d of p.defects) defects[d] = (defects[d] || 0) + 1;
    categories.add(p.category);
  }
  // a page per category, as the real site's generate_category.py writes them (no trailing newline, title().)
  fs.mkdirSync(path.join(dir, 'category'), { recursive: true });
  for (const c of categories) {
    const title = c.replace(/[A-Za-z]+/g, w => w[0].toUpperCase() + w.slice(1).toLowerCase());
    fs.writeFileSync(path.join(dir, 'category', `${c}.html`), `---\nlayout: category\ntitle: ${title}\ncategory: ${c}\n---`);
  }
  if (opts.odd) {
    const odd = {
      '2024-01-02-image.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      '2024-01-02-database.md': Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84)]),
      '2024-01-02-gbk.md': Buffer.concat([Buffer.from('---\nlayout: post\ntitle: "'), Buffer.from([0xd1, 0xeb, 0xd0, 0xd0]), Buffer.from('"\n---\n')]),
      '2024-01-02-huge.md': Buffer.from(`---\nlayout: post\ntitle: "超长快讯"\ndate: 2024-01-02 08:00:00 +0800\n---\n` + '<p>数据表格行</p>\n'.repeat(850_000)),
    };
    for (const [n, b] of Object.entries(odd)) {
      fs.writeFileSync(path.join(dir, '_posts', n), b);
      files.push(path.join(dir, '_posts', n));
      bytes += b.length;
    }
  }
  return { dir, files, bytes, defects };
}

module.exports = { generateSite, rng };

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (flag, dflt) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : dflt; };
  const out = get('--out');
  if (!out) { console.error('usage: node scripts/gen-site.cjs --posts N --out DIR [--seed S] [--odd]'); process.exit(2); }
  const res = generateSite(path.resolve(out), { posts: Number(get('--posts', 1000)), seed: Number(get('--seed', 20240630)), odd: args.includes('--odd') });
  console.log(`${res.files.length} posts (${(res.bytes / 1048576).toFixed(1)} MB) in ${res.dir}; defects: ${JSON.stringify(res.defects)}`);
}
