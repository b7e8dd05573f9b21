//! Generates a corpus of realistic v1 reports with violations planted at known rates, and a
//! manifest of what was planted; with `--verify`, checks jixiao's JSON output against it.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --n 10000 --out /tmp/corpus [--seed S]
//!     [--shape sparse|realistic] [--indicators K] [--projects P] [--indicator-fault-rate PERMILLE]
//!     [--clean] [--xlsx]
//! jixiao check /tmp/corpus/reports --format json > findings.json
//! cargo run --release --example gen-corpus -- --verify /tmp/corpus/manifest.json findings.json
//! ```
//!
//! The reports are written to `DIR/reports/report-NNNNNN.json` and the manifest to
//! `DIR/manifest.json`: `{…header…, "files": {"report-000001.json": ["rule-id", …], …}}`.
//! `--indicator-fault-rate` additionally gives that share (‰) of each report's indicators a
//! unit mismatch, for reports with many findings; `--clean` plants nothing.
//!
//! With `--xlsx`, every report of the `project` kind is also written as the national project
//! form (项目支出绩效自评表) filled in Excel, `DIR/forms/report-NNNNNN.xlsx`, with a copy of its
//! JSON in `DIR/forms-json/`, to compare checking the same reports from either format.
//!
//! Two shapes of corpus:
//! - `sparse` (the default): 15–30 indicators, 0–12 projects, three reports in ten of the
//!   `project` kind, violations rare (about one report in two has a finding).
//! - `realistic`: shaped like the reports departments actually publish, which are full of
//!   findings: 20 indicators, 8 projects, half the reports of the `project` kind, each violation
//!   planted eight times as often, the indicator and project ones on one to three rows at a
//!   time, and one indicator in ten with mismatched units (6–10 findings per report).
//!
//! Every report is consistent under the whole built-in pack unless a violation was planted:
//! amounts add up, execution rates and scores are computed from the amounts, grades follow the
//! scores, indicators are quantified and classified in the 2020 taxonomy. A planted violation
//! breaks exactly one thing; the manifest lists, per file, every rule the report must trigger
//! (the planted ones and those they necessarily bring along, such as `score-sum-mismatch` for
//! a total above 100). `--verify` then demands that each file's findings be exactly that set.
//!
//! Amounts are integers of hundredths of the report's unit (元, 万元 or 亿元) and are written
//! with two decimals; rates and scores are computed with exact decimals.

use jixiao::import::form::Example;
use jixiao::import::form::example::{value_text, workbook};
use rayon::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Map, Number, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

/// Planted rules and their rates, per mille of reports.
const PLANTS: &[(&str, u32)] = &[
    ("execution-rate-mismatch", 40),
    ("executed-exceeds-budget", 30),
    ("execution-rate-low", 25),
    ("budget-adjustment-large", 15),
    ("budget-adjustment-unexplained", 15),
    ("funding-sources-sum-mismatch", 20),
    ("grade-mismatch", 30),
    ("score-out-of-range", 15),
    ("score-sum-mismatch", 20),
    ("execution-score-mismatch", 15),
    ("weights-nonstandard", 15),
    ("indicator-count-mismatch", 40),
    ("indicator-actual-missing", 10),
    ("indicator-unit-missing", 20),
    ("indicator-level-invalid", 15),
    ("overachievement-unexplained", 20),
    ("deviation-unexplained", 20),
    ("full-score-on-missed-target", 10),
    ("mid-year-monitoring-missing", 40),
    ("claimed-rate-mismatch", 20),
    ("problems-missing", 10),
    ("problems-without-improvements", 15),
];

/// Rules that fire as a consequence of planted ones, never planted on their own.
const DERIVED: &[&str] = &["grade-overstated", "score-exceeds-execution-cap"];

/// The score caps of a project report by execution rate (the pack's defaults): below each rate
/// (%) the total score may not exceed the points given.
const SCORE_CAPS: &[(i64, i64)] = &[(80, 89), (70, 79), (60, 69), (50, 59)];

const REGIONS: &[&str] = &[
    "广州市花都区",
    "广州市黄埔区",
    "深圳市南山区",
    "成都市武侯区",
    "杭州市西湖区",
    "南京市鼓楼区",
    "武汉市江汉区",
    "长沙市岳麓区",
    "西安市雁塔区",
    "郑州市金水区",
    "济南市历下区",
    "合肥市蜀山区",
    "福州市鼓楼区",
    "昆明市五华区",
    "南宁市青秀区",
    "贵阳市云岩区",
    "石家庄市长安区",
    "太原市小店区",
    "沈阳市和平区",
    "哈尔滨市南岗区",
    "岳阳市岳阳楼区",
    "遂宁市大英县",
    "池州市贵池区",
    "眉山市青神县",
    "绵阳市涪城区",
    "宜宾市翠屏区",
    "赣州市章贡区",
    "泉州市丰泽区",
    "温州市鹿城区",
    "无锡市梁溪区",
];

const DEPARTMENTS: &[&str] = &[
    "教育局",
    "卫生健康局",
    "民政局",
    "交通运输局",
    "农业农村局",
    "住房和城乡建设局",
    "生态环境分局",
    "文化广电旅游体育局",
    "人力资源和社会保障局",
    "财政局",
    "科学技术局",
    "司法局",
    "应急管理局",
    "市场监督管理局",
    "水务局",
    "林业局",
    "统计局",
    "审计局",
    "退役军人事务局",
    "医疗保障局",
    "城市管理和综合执法局",
    "自然资源分局",
    "商务局",
    "工业和信息化局",
    "发展和改革局",
    "档案馆",
    "图书馆",
    "融媒体中心",
    "委员会组织部",
    "委员会宣传部",
    "委员会政法委员会",
    "残疾人联合会",
    "总工会",
    "妇女联合会",
    "共青团委员会",
    "红十字会",
    "机关事务管理局",
    "政务服务数据管理局",
    "信访局",
    "供销合作联社",
];

const PROJECT_TOPICS: &[&str] = &[
    "基层党建工作经费",
    "干部教育培训经费",
    "义务教育学校公用经费",
    "学前教育生均补助",
    "基本公共卫生服务项目",
    "城乡居民医疗救助资金",
    "农村道路养护专项资金",
    "高标准农田建设项目",
    "城乡最低生活保障资金",
    "特困人员救助供养资金",
    "老旧小区改造项目",
    "生活垃圾分类处理项目",
    "河道综合整治工程",
    "森林防火专项经费",
    "公共文化服务体系建设经费",
    "全民健身设施建设项目",
    "就业创业补贴资金",
    "职业技能提升行动经费",
    "科技创新券补助资金",
    "中小企业发展专项资金",
    "食品安全抽检经费",
    "应急物资储备经费",
    "法律援助专项经费",
    "政务信息化建设运维经费",
    "档案数字化加工项目",
    "退役军人服务保障经费",
    "残疾人康复救助资金",
    "妇女儿童发展专项经费",
    "城市照明设施维护经费",
    "智慧城管平台运维项目",
];

const PROBLEMS: &[&str] = &[
    "部分项目预算编制不够精细，年中追加调整较多，预算执行进度前低后高。",
    "个别绩效指标设置不够科学，指标值偏保守，难以全面反映项目实施效果。",
    "绩效运行监控流于形式，监控结果在预算安排中的应用不够充分。",
    "项目实施进度滞后，部分资金在年底集中支付，影响资金使用效益。",
    "满意度调查样本量偏小，调查方式单一，结果代表性不足。",
    "部分项目资料归档不及时，过程管理台账不完整。",
    "绩效自评以定性描述为主，定量分析不足，问题查找不够深入。",
    "政府采购流程耗时较长，部分项目未能按计划完成。",
];

const IMPROVEMENTS: &[&str] = &[
    "提高年初预算编制的精细化水平，加强项目前期论证，减少年中调整。",
    "科学合理设置绩效指标，细化量化指标值，增强指标的可考核性。",
    "强化绩效运行监控，按季度跟踪预算执行和绩效目标实现情况，及时纠偏。",
    "建立支出进度通报机制，督促项目单位按计划推进，均衡支出进度。",
    "扩大满意度调查覆盖面，采用线上线下相结合的方式开展调查。",
    "完善项目档案管理制度，做到资料收集及时、归档规范。",
    "加强绩效自评的数据分析，将自评结果与下年度预算安排挂钩。",
    "提前谋划政府采购计划，压缩采购周期，确保项目按期实施。",
];

const OBJECTS: &[&str] = &[
    "基层干部",
    "困难群众",
    "在校学生",
    "参训学员",
    "辖区居民",
    "企业职工",
    "退役军人",
    "残疾人",
    "老年人",
    "农户",
];

const ACTIVITIES: &[&str] = &[
    "专题培训班",
    "宣传活动",
    "督导检查",
    "技能培训",
    "义诊活动",
    "应急演练",
    "普法讲座",
    "文艺演出",
    "慰问活动",
    "招聘会",
];

const FACILITIES: &[&str] =
    &["公共服务站点", "健身路径", "农村公路", "监测点位", "便民服务中心", "示范点", "村级服务站", "社区书屋"];

const REASONS: &[&str] = &[
    "追加上级转移支付资金",
    "上年结转资金纳入本年预算",
    "根据工作任务调整追加专项经费",
    "按照财政统一部署压减一般性支出",
    "项目调整，调出部分资金统筹使用",
    "追加疫情防控相关经费",
];

const DEVIATION_REASONS: &[&str] = &[
    "受项目实施周期影响，部分任务延至次年完成；下一步将加快实施进度，按月跟踪完成情况。",
    "服务对象实际需求低于年初预计，指标值设定偏高；下一步将结合历史数据科学设定指标值。",
    "政府采购流程耗时较长，项目启动时间推迟；下一步将提前谋划采购计划。",
    "部分基层单位配合不到位，数据统计口径不一致；下一步将统一统计口径，加强督导。",
];

/// The shape of a corpus (see the module documentation).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Sparse,
    Realistic,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Sparse => "sparse",
            Shape::Realistic => "realistic",
        }
    }

    /// How many times more often than [`PLANTS`] says each violation is planted.
    fn plant_factor(self) -> u32 {
        match self {
            Shape::Sparse => 1,
            Shape::Realistic => 8,
        }
    }

    /// The share (‰) of reports of the `project` kind.
    fn project_reports(self) -> u32 {
        match self {
            Shape::Sparse => 300,
            Shape::Realistic => 500,
        }
    }

    /// How many rows (indicators, projects) a row-level violation is planted on: up to this.
    fn rows_per_plant(self) -> i64 {
        match self {
            Shape::Sparse => 1,
            Shape::Realistic => 3,
        }
    }
}

/// Command-line options.
struct Options {
    n: usize,
    out: PathBuf,
    seed: u64,
    shape: Shape,
    indicators: Option<usize>,
    projects: Option<usize>,
    indicator_fault_rate: u32,
    clean: bool,
    xlsx: bool,
}

const USAGE: &str = "usage: gen-corpus --n N --out DIR [--seed S] [--shape sparse|realistic]\n\
\x20                 [--indicators K] [--projects P] [--indicator-fault-rate PERMILLE] [--clean] [--xlsx]\n\
\x20      gen-corpus --verify DIR/manifest.json FINDINGS.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if matches!(args.first().map(String::as_str), Some("--help" | "-h")) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.first().map(String::as_str) == Some("--verify") {
        return match (args.get(1), args.get(2)) {
            (Some(manifest), Some(findings)) => verify(Path::new(manifest), Path::new(findings)),
            _ => usage("--verify needs MANIFEST and FINDINGS"),
        };
    }
    let options = match parse_options(&args) {
        Ok(options) => options,
        Err(message) => return usage(&message),
    };
    match generate(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gen-corpus: {err}");
            ExitCode::FAILURE
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("gen-corpus: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        n: 0,
        out: PathBuf::new(),
        seed: 1,
        shape: Shape::Sparse,
        indicators: None,
        projects: None,
        indicator_fault_rate: 0,
        clean: false,
        xlsx: false,
    };
    let mut fault_rate = None;
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        if flag == "--clean" {
            options.clean = true;
            continue;
        }
        if flag == "--xlsx" {
            options.xlsx = true;
            continue;
        }
        let value = iter.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || value.parse::<u64>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--n" => options.n = usize::try_from(number()?).map_err(|e| e.to_string())?,
            "--out" => options.out = PathBuf::from(value),
            "--seed" => options.seed = number()?,
            "--shape" => {
                options.shape = match value.as_str() {
                    "sparse" => Shape::Sparse,
                    "realistic" => Shape::Realistic,
                    _ => return Err(format!("--shape: sparse or realistic, not {value}")),
                }
            }
            "--indicators" => {
                options.indicators = Some(usize::try_from(number()?).map_err(|e| e.to_string())?)
            }
            "--projects" => options.projects = Some(usize::try_from(number()?).map_err(|e| e.to_string())?),
            "--indicator-fault-rate" => {
                fault_rate = Some(u32::try_from(number()?).map_err(|e| e.to_string())?);
            }
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if options.n == 0 || options.out.as_os_str().is_empty() {
        return Err("--n and --out are required".to_string());
    }
    // The shape gives the sizes and the fault rate that were not given explicitly.
    if options.shape == Shape::Realistic {
        options.indicators = options.indicators.or(Some(20));
        options.projects = options.projects.or(Some(8));
    }
    let shape_fault_rate = if options.shape == Shape::Realistic { 100 } else { 0 };
    options.indicator_fault_rate = fault_rate.unwrap_or(shape_fault_rate);
    Ok(options)
}

fn generate(options: &Options) -> std::io::Result<()> {
    // Reports go to a directory of their own, so that `jixiao check DIR/reports` sees nothing
    // but reports.
    let reports = options.out.join("reports");
    std::fs::create_dir_all(&reports)?;
    let forms = options.out.join("forms");
    let forms_json = options.out.join("forms-json");
    if options.xlsx {
        std::fs::create_dir_all(&forms)?;
        std::fs::create_dir_all(&forms_json)?;
    }
    let width = options.n.to_string().len().max(6);
    let planted: Vec<(String, Vec<&'static str>)> = (0..options.n)
        .into_par_iter()
        .map(|index| {
            let name = format!("report-{:0width$}.json", index + 1);
            let mut rng = Rng::new(options.seed, index as u64);
            let (report, rules) = Report::generate(&mut rng, options);
            let mut text = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
            text.push('\n');
            std::fs::write(reports.join(&name), &text)?;
            if options.xlsx
                && let Some(rows) = form_rows(&report)
            {
                let example = Example {
                    name: name.clone(),
                    title: Some(format!(
                        "项目支出绩效自评表（{}年度）",
                        report.get("fiscal_year").map(value_text).unwrap_or_default()
                    )),
                    rows,
                    expect: Default::default(),
                    absent: Vec::new(),
                };
                let book = workbook(&example, "自评表").map_err(std::io::Error::other)?;
                std::fs::write(forms.join(name.replace(".json", ".xlsx")), book)?;
                std::fs::write(forms_json.join(&name), &text)?;
            }
            Ok((name, rules))
        })
        .collect::<std::io::Result<_>>()?;
    write_manifest(options, &planted)?;
    let with_findings = planted.iter().filter(|(_, rules)| !rules.is_empty()).count();
    println!(
        "wrote {} reports to {} ({} with planted violations) and {}",
        options.n,
        reports.display(),
        with_findings,
        options.out.join("manifest.json").display()
    );
    Ok(())
}

fn write_manifest(options: &Options, planted: &[(String, Vec<&'static str>)]) -> std::io::Result<()> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, rules) in planted {
        for rule in rules {
            *counts.entry(rule).or_default() += 1;
        }
    }
    let rates: Map<String, Value> = PLANTS
        .iter()
        .map(|(rule, rate)| ((*rule).to_string(), Value::from(plant_rate(*rate, options.shape))))
        .collect();
    let rules: Vec<&str> = PLANTS.iter().map(|(rule, _)| *rule).chain(DERIVED.iter().copied()).collect();
    let header = serde_json::json!({
        "generator": "gen-corpus",
        "seed": options.seed,
        "n": options.n,
        "shape": options.shape.name(),
        "indicators": options.indicators,
        "projects": options.projects,
        "indicator_fault_rate_per_mille": options.indicator_fault_rate,
        "clean": options.clean,
        "rates_per_mille": rates,
        "rules": rules,
        "planted_counts": counts,
    });
    // One line per file keeps the manifest readable and diffable for large corpora.
    let mut out = std::io::BufWriter::new(std::fs::File::create(options.out.join("manifest.json"))?);
    let header = serde_json::to_string(&header).map_err(std::io::Error::other)?;
    // The header object stays open so that the file list follows as its last member.
    let open = header.strip_suffix('}').unwrap_or(&header);
    writeln!(out, "{open},")?;
    writeln!(out, "\"files\": {{")?;
    for (i, (name, rules)) in planted.iter().enumerate() {
        let comma = if i + 1 < planted.len() { "," } else { "" };
        writeln!(out, "{}: {}{comma}", Value::from(name.as_str()), serde_json::json!(rules))?;
    }
    writeln!(out, "}}}}")?;
    out.flush()
}

/// The rate (‰) at which a violation listed at `rate` in [`PLANTS`] is planted in `shape`.
fn plant_rate(rate: u32, shape: Shape) -> u32 {
    (rate * shape.plant_factor()).min(1000)
}

/// SplitMix64: small, fast and good enough to draw report contents; seeded per report so that
/// the corpus is the same whatever the number of threads.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, index: u64) -> Rng {
        let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + (self.next() % span) as i64
    }

    fn index(&mut self, len: usize) -> usize {
        (self.next() % len.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    fn per_mille(&mut self, rate: u32) -> bool {
        self.next() % 1000 < u64::from(rate)
    }
}

/// A decimal with `scale` places from an integer mantissa.
fn dec(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

fn round_half_up(value: Decimal, scale: u32) -> Decimal {
    value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero)
}

/// A JSON number written exactly as `text` (the crate keeps number text verbatim).
fn number(text: &str) -> Value {
    Number::from_str(text).map(Value::Number).unwrap_or(Value::Null)
}

fn decimal_json(value: Decimal) -> Value {
    number(&value.to_string())
}

/// An amount of hundredths, written with two decimals.
fn amount_json(cents: i64) -> Value {
    decimal_json(dec(cents, 2))
}

/// `part × numerator ÷ denominator`, rounded to the nearest hundredth.
fn scale_cents(part: i64, numerator: i64, denominator: i64) -> i64 {
    if denominator == 0 {
        return 0;
    }
    let n = i128::from(part) * i128::from(numerator);
    let d = i128::from(denominator);
    let q = (2 * n + d) / (2 * d);
    i64::try_from(q).unwrap_or(i64::MAX)
}

/// `executed ÷ adjusted × 100` rounded half up to `decimals` places.
fn rate_pct(executed: i64, adjusted: i64, decimals: u32) -> Decimal {
    round_half_up(dec(executed, 0) / dec(adjusted, 0) * Decimal::ONE_HUNDRED, decimals)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Yuan,
    Wan,
    Yi,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Wan => "万元",
            Unit::Yi => "亿元",
        }
    }

    /// The built-in monitoring threshold (500万元) in hundredths of this unit.
    fn monitoring_threshold(self) -> i64 {
        match self {
            Unit::Yuan => 500_000_000,
            Unit::Wan => 50_000,
            Unit::Yi => 5,
        }
    }

    /// Range of a project's full-year budget, in hundredths of this unit.
    fn project_range(self) -> (i64, i64) {
        match self {
            Unit::Yuan => (20_000_000, 3_000_000_000),
            Unit::Wan => (2_000, 300_000),
            Unit::Yi => (20, 500),
        }
    }

    /// Range of a department's budget beyond its projects, in hundredths of this unit.
    fn basic_range(self) -> (i64, i64) {
        match self {
            Unit::Yuan => (300_000_000, 20_000_000_000),
            Unit::Wan => (30_000, 2_000_000),
            Unit::Yi => (100, 5_000),
        }
    }
}

/// One budget block (`budget`, `projects[*].budget`) before it is written.
struct Block {
    initial: Option<i64>,
    adjusted: i64,
    executed: i64,
    rate_decimals: u32,
    /// Added to the stated execution rate (planted mismatch).
    rate_offset: Decimal,
    adjustments: Vec<(i64, String)>,
    by_source: bool,
    /// Hundredths added to one source row's full-year budget (planted mismatch).
    source_error: i64,
}

impl Block {
    /// A consistent block: executed 90.5–100 % of the full-year budget, initial budget equal or
    /// 2–8 % away with the adjustments explained. The rates (‰) say how often the initial
    /// budget and the breakdown by source are given.
    fn new(rng: &mut Rng, adjusted: i64, initial_rate: u32, source_rate: u32) -> Block {
        let with_initial = rng.per_mille(initial_rate);
        let by_source = rng.per_mille(source_rate);
        let mut executed = scale_cents(adjusted, rng.range(9050, 10000), 10000);
        // Small amounts in 亿元 have few hundredths: rounding must not push the rate below 90 %.
        if executed * 1000 < adjusted * 905 {
            executed = adjusted;
        }
        let mut block = Block {
            initial: None,
            adjusted,
            executed,
            rate_decimals: if rng.per_mille(500) { 1 } else { 2 },
            rate_offset: Decimal::ZERO,
            adjustments: Vec::new(),
            by_source,
            source_error: 0,
        };
        if with_initial {
            if rng.per_mille(500) {
                block.initial = Some(adjusted);
            } else {
                let change = rng.range(20, 80) * if rng.per_mille(700) { 1 } else { -1 };
                block.set_change(rng, change);
                // After rounding the change must stay well inside 1.5–9 %, so that it is neither
                // large nor mistaken for a rate computed on the initial budget.
                if !block.change_within(15, 90) {
                    block.initial = Some(adjusted);
                    block.adjustments.clear();
                }
            }
        }
        block
    }

    /// Whether |full-year − initial| ÷ initial lies within `low..=high` per mille.
    fn change_within(&self, low: i64, high: i64) -> bool {
        let Some(initial) = self.initial.filter(|i| *i > 0) else { return false };
        let change = i128::from((self.adjusted - initial).abs()) * 1000;
        let initial = i128::from(initial);
        change >= i128::from(low) * initial && change <= i128::from(high) * initial
    }

    /// Sets the initial budget `permille` ‰ below the full-year budget (negative: above) and
    /// explains the difference with one or two adjustments.
    fn set_change(&mut self, rng: &mut Rng, permille: i64) {
        let initial = scale_cents(self.adjusted, 1000, 1000 + permille);
        self.initial = Some(initial);
        let difference = self.adjusted - initial;
        self.adjustments.clear();
        if difference == 0 {
            return;
        }
        if rng.per_mille(500) {
            let first = scale_cents(difference, rng.range(30, 70), 100);
            self.adjustments.push((first, rng.pick(REASONS).to_string()));
            self.adjustments.push((difference - first, rng.pick(REASONS).to_string()));
        } else {
            self.adjustments.push((difference, rng.pick(REASONS).to_string()));
        }
    }

    fn stated_rate(&self) -> Decimal {
        rate_pct(self.executed, self.adjusted, self.rate_decimals) + self.rate_offset
    }

    fn to_json(&self, rng: &mut Rng) -> Value {
        let mut map = Map::new();
        if let Some(initial) = self.initial {
            map.insert("initial".into(), amount_json(initial));
        }
        map.insert("adjusted".into(), amount_json(self.adjusted));
        map.insert("executed".into(), amount_json(self.executed));
        map.insert("execution_rate_pct".into(), decimal_json(self.stated_rate()));
        if self.by_source {
            map.insert("by_source".into(), self.sources(rng));
        }
        if !self.adjustments.is_empty() {
            let items = self
                .adjustments
                .iter()
                .map(|(amount, reason)| {
                    let mut item = Map::new();
                    item.insert("amount".into(), amount_json(*amount));
                    if !reason.is_empty() {
                        item.insert("reason".into(), Value::from(reason.as_str()));
                    }
                    Value::Object(item)
                })
                .collect();
            map.insert("adjustments".into(), Value::Array(items));
        }
        Value::Object(map)
    }

    /// Two or three source rows whose columns add up to the block's totals exactly.
    fn sources(&self, rng: &mut Rng) -> Value {
        let names = ["本年财政拨款", "上年结转资金", "其他资金"];
        let count = rng.range(2, 3) as usize;
        let mut shares = vec![rng.range(700, 950)];
        if count == 3 {
            shares.push(rng.range(10, 1000 - shares[0] - 1));
        }
        let mut rows = Vec::new();
        let mut left = (self.initial, self.adjusted, self.executed);
        for (i, name) in names.iter().take(count).enumerate() {
            let last = i + 1 == count;
            let part = |total: i64, left: i64| if last { left } else { scale_cents(total, shares[i], 1000) };
            let adjusted = part(self.adjusted, left.1);
            let executed = part(self.executed, left.2);
            let initial = self.initial.zip(left.0).map(|(total, left)| part(total, left));
            left.1 -= adjusted;
            left.2 -= executed;
            left.0 = left.0.zip(initial).map(|(l, i)| l - i);
            let mut row = Map::new();
            row.insert("source".into(), Value::from(*name));
            if let Some(initial) = initial {
                row.insert("initial".into(), amount_json(initial));
            }
            let error = if i == 0 { self.source_error } else { 0 };
            row.insert("adjusted".into(), amount_json(adjusted + error));
            row.insert("executed".into(), amount_json(executed));
            rows.push(Value::Object(row));
        }
        Value::Array(rows)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Comparator {
    AtLeast,
    AtMost,
    Equal,
}

impl Comparator {
    fn text(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::AtMost => "≤",
            Comparator::Equal => "=",
        }
    }
}

/// One indicator row before it is written.
struct Indicator {
    level1: &'static str,
    level2: String,
    name: String,
    comparator: Comparator,
    target: Decimal,
    actual: Option<Decimal>,
    unit: &'static str,
    actual_unit: String,
    /// Weight in units of 10^-scale points.
    weight: i64,
    missed: bool,
    completed: bool,
    reason: bool,
}

/// Whole-report plan: which violations this report gets.
#[derive(Default)]
struct Plan(BTreeSet<&'static str>);

impl Plan {
    fn has(&self, rule: &str) -> bool {
        self.0.contains(rule)
    }

    fn drop(&mut self, rule: &str) {
        self.0.remove(rule);
    }
}

struct Report;

impl Report {
    /// Draws one report and the rules it must trigger.
    fn generate(rng: &mut Rng, options: &Options) -> (Value, Vec<&'static str>) {
        let mut plan = Plan::default();
        if !options.clean {
            for (rule, rate) in PLANTS {
                if rng.per_mille(plant_rate(*rate, options.shape)) {
                    plan.0.insert(rule);
                }
            }
        }
        if plan.has("problems-missing") {
            plan.drop("problems-without-improvements");
        }
        let unit = match rng.range(0, 9) {
            0..=2 => Unit::Yuan,
            3..=8 => Unit::Wan,
            _ => Unit::Yi,
        };
        let is_project = rng.per_mille(options.shape.project_reports());
        let region = *rng.pick(REGIONS);
        let department = format!("{region}{}", rng.pick(DEPARTMENTS));
        let year = rng.range(2019, 2024);

        let mut root = Map::new();
        root.insert("schema_version".into(), Value::from("1"));
        root.insert("kind".into(), Value::from(if is_project { "project" } else { "department_overall" }));
        root.insert("fiscal_year".into(), Value::from(year));
        root.insert(
            "x-source".into(),
            Value::from(format!(
                "{department} {year} 年度{}绩效自评报告",
                if is_project { "项目支出" } else { "部门整体支出" }
            )),
        );
        let mut dept = Map::new();
        dept.insert("name".into(), Value::from(department.as_str()));
        dept.insert("region".into(), Value::from(region));
        if rng.per_mille(400) {
            dept.insert("code".into(), Value::from(format!("{:06}", rng.range(100_000, 999_999))));
        }
        root.insert("department".into(), Value::Object(dept));

        let threshold = unit.monitoring_threshold();
        let (project_lo, project_hi) = unit.project_range();

        // Projects of a department report, or the project of a project report.
        let mut projects: Vec<(String, Block, Option<bool>)> = Vec::new();
        let mut project_header: Option<(String, Option<bool>)> = None;
        let main_block;
        if is_project {
            let mut adjusted = rng.range(project_lo, project_hi);
            if plan.has("mid-year-monitoring-missing") && adjusted < threshold {
                adjusted = rng.range(threshold, threshold.max(project_hi));
            }
            let block = Block::new(rng, adjusted, 800, 700);
            let monitored = if adjusted >= threshold {
                if plan.has("mid-year-monitoring-missing") {
                    if rng.per_mille(500) { Some(false) } else { None }
                } else {
                    Some(true)
                }
            } else {
                [Some(true), Some(false), None][rng.index(3)]
            };
            project_header = Some((format!("{region}{}", rng.pick(PROJECT_TOPICS)), monitored));
            main_block = block;
        } else {
            let mut count = options.projects.unwrap_or_else(|| rng.range(0, 12) as usize);
            if plan.has("mid-year-monitoring-missing") && count == 0 {
                if options.projects.is_some() {
                    plan.drop("mid-year-monitoring-missing");
                } else {
                    count = 1;
                }
            }
            for _ in 0..count {
                let adjusted = rng.range(project_lo, project_hi);
                let block = Block::new(rng, adjusted, 500, 300);
                let monitored = if adjusted >= threshold {
                    Some(true)
                } else {
                    [Some(true), Some(false), None][rng.index(3)]
                };
                let name = rng.pick(PROJECT_TOPICS).to_string();
                projects.push((name, block, monitored));
            }
            if plan.has("mid-year-monitoring-missing") {
                let due: Vec<usize> =
                    (0..projects.len()).filter(|&i| projects[i].1.adjusted >= threshold).collect();
                let chosen = if due.is_empty() {
                    let i = rng.index(projects.len());
                    let adjusted = rng.range(threshold, threshold.max(project_hi));
                    projects[i].1 = Block::new(rng, adjusted, 500, 300);
                    vec![i]
                } else {
                    // Up to `rows_per_plant` of the projects due for monitoring.
                    let rows = rng.range(1, options.shape.rows_per_plant());
                    let mut chosen = vec![due[rng.index(due.len())]];
                    for _ in 1..rows {
                        let other = due[rng.index(due.len())];
                        if !chosen.contains(&other) {
                            chosen.push(other);
                        }
                    }
                    chosen
                };
                for i in chosen {
                    projects[i].2 = if rng.per_mille(500) { Some(false) } else { None };
                }
            }
            let project_total: i64 = projects.iter().map(|p| p.1.adjusted).sum();
            let (basic_lo, basic_hi) = unit.basic_range();
            let adjusted = project_total + rng.range(basic_lo, basic_hi);
            main_block = Block::new(rng, adjusted, 700, 600);
        }
        let mut main_block = main_block;

        // Budget plants. The execution-rate ones go to the report's own budget, the others to
        // the report's budget or a project's, so that both kinds of block are exercised.
        if plan.has("execution-rate-low") {
            main_block.executed = scale_cents(main_block.adjusted, rng.range(5500, 8800), 10000);
            if main_block.executed * 100 >= main_block.adjusted * 89 {
                main_block.executed = main_block.adjusted * 80 / 100;
            }
        }
        if plan.has("executed-exceeds-budget") {
            let on_project = !projects.is_empty() && (plan.has("execution-rate-low") || rng.per_mille(500));
            if !on_project && plan.has("execution-rate-low") {
                plan.drop("executed-exceeds-budget");
            } else {
                let block = if on_project {
                    let i = rng.index(projects.len());
                    &mut projects[i].1
                } else {
                    &mut main_block
                };
                block.executed =
                    scale_cents(block.adjusted, rng.range(10050, 11500), 10000).max(block.adjusted + 1);
            }
        }
        if plan.has("budget-adjustment-large") {
            let change = rng.range(120, 300) * if rng.per_mille(700) { 1 } else { -1 };
            main_block.set_change(rng, change);
            if !main_block.change_within(110, 1000) {
                main_block.set_change(rng, 400);
            }
        }
        if plan.has("budget-adjustment-unexplained") {
            if main_block.initial.is_none_or(|i| i == main_block.adjusted) {
                let change = rng.range(20, 80) * if rng.per_mille(700) { 1 } else { -1 };
                main_block.set_change(rng, change);
                if !main_block.change_within(15, 90) {
                    main_block.set_change(rng, 60);
                }
            }
            if rng.per_mille(500) {
                main_block.adjustments.clear();
            } else {
                for adjustment in &mut main_block.adjustments {
                    adjustment.1.clear();
                }
            }
        }
        if plan.has("funding-sources-sum-mismatch") {
            main_block.by_source = true;
            // Only ever added to a row: taking it away could push a small row below zero, which
            // budget-amount-negative would then report on top of the planted violation.
            main_block.source_error = rng.range(5, 50_000);
        }
        if plan.has("execution-rate-mismatch") {
            let target = if projects.is_empty() || rng.per_mille(500) {
                None
            } else {
                Some(rng.index(projects.len()))
            };
            match target {
                Some(first) => {
                    // Up to `rows_per_plant` projects, the first one drawn above.
                    let rows = rng.range(1, options.shape.rows_per_plant());
                    let mut chosen = vec![first];
                    for _ in 1..rows {
                        let other = rng.index(projects.len());
                        if !chosen.contains(&other) {
                            chosen.push(other);
                        }
                    }
                    for i in chosen {
                        plant_rate_mismatch(rng, &mut projects[i].1);
                    }
                }
                None => plant_rate_mismatch(rng, &mut main_block),
            }
        }

        root.insert("amount_unit".into(), Value::from(unit.name()));
        if let Some((name, monitored)) = &project_header {
            let mut header = Map::new();
            header.insert("name".into(), Value::from(name.as_str()));
            header.insert("implementing_unit".into(), Value::from(format!("{department}项目实施科")));
            if let Some(m) = monitored {
                header.insert("mid_year_monitoring".into(), Value::from(*m));
            }
            root.insert("project".into(), Value::Object(header));
        }
        root.insert(
            "x-performance_goal".into(),
            Value::from(format!(
                "围绕{year}年度重点工作任务，统筹安排预算资金，加强{}等重点领域保障，确保各项绩效目标按期实现，\
                 不断提升财政资金使用效益和公共服务水平。",
                rng.pick(PROJECT_TOPICS)
            )),
        );
        let mut budget = main_block.to_json(rng);
        if let Value::Object(map) = &mut budget {
            map.insert(
                "x-source_text".into(),
                Value::from(format!(
                    "{year}年度全年预算数为{}{}，全年执行数为{}{}，预算执行率为{}%。",
                    dec(main_block.adjusted, 2),
                    unit.name(),
                    dec(main_block.executed, 2),
                    unit.name(),
                    main_block.stated_rate()
                )),
            );
        }
        root.insert("budget".into(), budget);

        // Indicators and scores.
        let count = options.indicators.unwrap_or_else(|| rng.range(15, 30) as usize).max(3);
        let scale: u32 = if count <= 200 { 2 } else { 6 };
        let mut indicators = make_indicators(
            rng,
            count,
            scale,
            &mut plan,
            options.indicator_fault_rate,
            options.shape.rows_per_plant(),
        );
        let execution_weight = dec(10, 0);
        let rate = dec(main_block.executed, 0) / dec(main_block.adjusted, 0);
        let correct_execution = round_half_up(rate.min(Decimal::ONE) * execution_weight, 2);
        let mut execution_score = correct_execution;
        if plan.has("execution-score-mismatch") {
            let offset = dec(rng.range(30, 150), 2);
            execution_score = if correct_execution >= offset {
                correct_execution - offset
            } else {
                correct_execution + offset
            };
        }
        let mut indicator_json = Vec::with_capacity(indicators.len());
        let mut indicator_total = Decimal::ZERO;
        for indicator in &mut indicators {
            let (json, score) = indicator.to_json(rng, scale);
            indicator_total += score;
            indicator_json.push(json);
        }
        let true_total = execution_score + indicator_total;
        let mut total = true_total;
        if plan.has("score-out-of-range") {
            total = dec(rng.range(10_050, 11_500), 2);
            plan.0.insert("score-sum-mismatch");
        } else if plan.has("score-sum-mismatch") {
            let offset = dec(rng.range(50, 300), 2);
            total = if true_total + offset <= Decimal::ONE_HUNDRED {
                true_total + offset
            } else {
                true_total - offset
            };
        }
        // A project report whose execution rate is low (planted) may not score above its cap.
        let cap = SCORE_CAPS
            .iter()
            .filter(|(below, _)| rate * Decimal::ONE_HUNDRED < dec(*below, 0))
            .map(|(_, cap)| dec(*cap, 0))
            .min();
        if is_project && cap.is_some_and(|cap| total > cap) {
            plan.0.insert("score-exceeds-execution-cap");
        }
        let expected_grade = grade(total);
        let mut shown_grade = expected_grade;
        if plan.has("grade-mismatch") {
            let others: Vec<&str> =
                ["优", "良", "中", "差"].into_iter().filter(|g| *g != expected_grade).collect();
            shown_grade = *rng.pick(&others);
        }
        if shown_grade == "优"
            && ["execution-rate-low", "deviation-unexplained", "full-score-on-missed-target"]
                .iter()
                .any(|r| plan.has(r))
        {
            plan.0.insert("grade-overstated");
        }
        let mut evaluation = Map::new();
        evaluation.insert("score".into(), decimal_json(total));
        evaluation.insert("grade".into(), Value::from(shown_grade));
        evaluation.insert("execution_weight".into(), decimal_json(execution_weight));
        evaluation.insert("execution_score".into(), decimal_json(execution_score));
        evaluation.insert(
            "x-source_text".into(),
            Value::from(format!("{year} 年度自评得分 {total} 分，评级为“{shown_grade}”。")),
        );
        root.insert("self_evaluation".into(), Value::Object(evaluation));

        let listed = indicator_json.len() as i64;
        if plan.has("indicator-count-mismatch") {
            let delta = rng.range(1, 3);
            let declared =
                if rng.per_mille(500) || listed - delta < 0 { listed + delta } else { listed - delta };
            root.insert("declared_indicator_count".into(), Value::from(declared));
        } else if rng.per_mille(800) {
            root.insert("declared_indicator_count".into(), Value::from(listed));
        }
        root.insert("indicators".into(), Value::Array(indicator_json));

        if !is_project {
            let due = projects.iter().filter(|p| p.1.adjusted >= threshold).count();
            if rng.per_mille(800) {
                let mut monitoring = Map::new();
                monitoring.insert("declared_project_count".into(), Value::from(due));
                monitoring.insert(
                    "x-source_text".into(),
                    Value::from(format!(
                        "年中对{}以上项目共{due}个进行年中监控，保证资金有计划、健康有效使用。",
                        dec(threshold, 2)
                    )),
                );
                root.insert("monitoring".into(), Value::Object(monitoring));
            }
            let list: Vec<Value> = projects
                .iter()
                .map(|(name, block, monitored)| {
                    let mut project = Map::new();
                    project.insert("name".into(), Value::from(name.as_str()));
                    project.insert("budget".into(), block.to_json(rng));
                    if let Some(m) = monitored {
                        project.insert("mid_year_monitoring".into(), Value::from(*m));
                    }
                    Value::Object(project)
                })
                .collect();
            root.insert("projects".into(), Value::Array(list));
        }

        let claim_count = rng.range(if plan.has("claimed-rate-mismatch") { 1 } else { 0 }, 3);
        let mismatched = rng.range(0, claim_count - 1);
        let claims: Vec<Value> = (0..claim_count)
            .map(|i| claim(rng, i == mismatched && plan.has("claimed-rate-mismatch")))
            .collect();
        if !claims.is_empty() {
            root.insert("claims".into(), Value::Array(claims));
        }

        let problem_count = if plan.has("problems-missing") {
            0
        } else if plan.has("problems-without-improvements") {
            rng.range(2, 4)
        } else {
            rng.range(1, 4)
        };
        let improvement_count = if plan.has("problems-without-improvements") {
            rng.range(0, problem_count - 1)
        } else {
            problem_count + rng.range(0, 1)
        };
        let start = rng.index(PROBLEMS.len());
        let problems: Vec<Value> = (0..problem_count)
            .map(|i| Value::from(PROBLEMS[(start + i as usize) % PROBLEMS.len()]))
            .collect();
        let improvements: Vec<Value> = (0..improvement_count)
            .map(|i| Value::from(IMPROVEMENTS[(start + i as usize) % IMPROVEMENTS.len()]))
            .collect();
        if plan.has("problems-missing") && rng.per_mille(500) {
            // Left out entirely rather than listed empty.
        } else {
            root.insert("problems".into(), Value::Array(problems));
        }
        if improvement_count > 0 || rng.per_mille(500) {
            root.insert("improvements".into(), Value::Array(improvements));
        }
        (Value::Object(root), plan.0.into_iter().collect())
    }
}

/// Makes the stated execution rate of `block` wrong by 0.5 to 3 points, never landing on the
/// rate computed from the initial budget (which another rule recognises as a wrong base).
fn plant_rate_mismatch(rng: &mut Rng, block: &mut Block) {
    let correct = rate_pct(block.executed, block.adjusted, block.rate_decimals);
    loop {
        let magnitude = dec(rng.range(5, 30), 1);
        let offset = if rng.per_mille(500) || correct < dec(5, 0) { magnitude } else { -magnitude };
        let stated = correct + offset;
        let on_initial = block.initial.filter(|i| *i != block.adjusted && *i > 0).map(|initial| {
            (stated - dec(block.executed, 0) / dec(initial, 0) * Decimal::ONE_HUNDRED).abs() <= dec(1, 1)
        });
        if on_initial != Some(true) {
            block.rate_offset = offset;
            return;
        }
    }
}

fn grade(score: Decimal) -> &'static str {
    if score >= dec(90, 0) {
        "优"
    } else if score >= dec(80, 0) {
        "良"
    } else if score >= dec(60, 0) {
        "中"
    } else {
        "差"
    }
}

/// Splits `total` units among `count` parts of random sizes, each at least 1 when possible.
fn split(rng: &mut Rng, total: i64, count: usize) -> Vec<i64> {
    let draws: Vec<i64> = (0..count).map(|_| rng.range(5, 15)).collect();
    let sum: i64 = draws.iter().sum();
    let mut parts: Vec<i64> = draws.iter().map(|d| total * d / sum).collect();
    let mut left = total - parts.iter().sum::<i64>();
    let mut i = 0;
    while left > 0 {
        parts[i % count] += 1;
        left -= 1;
        i += 1;
    }
    parts
}

/// Indicator templates: (level2, name pattern, comparator, unit).
fn indicator_template(
    rng: &mut Rng,
    level1: &'static str,
    level2: &str,
) -> (String, Comparator, &'static str) {
    let object = rng.pick(OBJECTS);
    let activity = rng.pick(ACTIVITIES);
    let facility = rng.pick(FACILITIES);
    match (level1, level2) {
        ("产出指标", "数量指标") => match rng.range(0, 2) {
            0 => (format!("开展{activity}次数"), Comparator::AtLeast, "次"),
            1 => (format!("服务{object}人次"), Comparator::AtLeast, "人次"),
            _ => (format!("新建改造{facility}数量"), Comparator::AtLeast, "个"),
        },
        ("产出指标", "质量指标") => (format!("{object}服务合格率"), Comparator::AtLeast, "%"),
        ("产出指标", "时效指标") => {
            if rng.per_mille(500) {
                (format!("{activity}按期完成率"), Comparator::Equal, "%")
            } else {
                (format!("{facility}建设按期完成率"), Comparator::AtLeast, "%")
            }
        }
        ("产出指标", "成本指标") => (format!("人均{activity}成本"), Comparator::AtMost, "元/人次"),
        ("效益指标", "经济效益指标") => (format!("带动{object}增收"), Comparator::AtLeast, "万元"),
        ("效益指标", "社会效益指标") => (format!("受益{object}人数"), Comparator::AtLeast, "人"),
        ("效益指标", "生态效益指标") => {
            (format!("{facility}周边环境达标率"), Comparator::AtLeast, "%")
        }
        ("效益指标", "可持续影响指标") => {
            (format!("建立{activity}长效机制"), Comparator::AtLeast, "项")
        }
        _ => (format!("{object}满意度"), Comparator::AtLeast, if rng.per_mille(900) { "%" } else { "％" }),
    }
}

fn make_indicators(
    rng: &mut Rng,
    count: usize,
    scale: u32,
    plan: &mut Plan,
    fault_rate: u32,
    rows_per_plant: i64,
) -> Vec<Indicator> {
    let satisfaction = if count >= 20 { 2 } else { 1 };
    let outcome = (count / 4).max(1);
    let output = count - satisfaction - outcome;
    let unit_points = 10i64.pow(scale);
    let mut weights = split(rng, 50 * unit_points, output);
    weights.extend(split(rng, 30 * unit_points, outcome));
    weights.extend(split(rng, 10 * unit_points, satisfaction));
    let output_level2 = ["数量指标", "质量指标", "时效指标", "成本指标"];
    let outcome_level2 = ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"];
    let mut out = Vec::with_capacity(count);
    for (i, weight) in weights.into_iter().enumerate() {
        let (level1, level2) = if i < output {
            // The first output indicator is a quantity one, which every report needs.
            ("产出指标", if i == 0 { output_level2[0] } else { *rng.pick(&output_level2) })
        } else if i < output + outcome {
            ("效益指标", *rng.pick(&outcome_level2))
        } else {
            ("满意度指标", "服务对象满意度指标")
        };
        let (name, comparator, unit) = indicator_template(rng, level1, level2);
        let target = match unit {
            "%" | "％" if comparator == Comparator::Equal => dec(100, 0),
            "%" | "％" => dec(rng.range(80, 95), 0),
            "元/人次" => dec(rng.range(50, 2000), 0),
            "万元" => dec(rng.range(100, 50_000), 2),
            _ => dec(rng.range(10, 5000), 0),
        };
        let missed = comparator == Comparator::AtLeast && weight >= 200 && rng.per_mille(100);
        out.push(Indicator {
            level1,
            level2: level2.to_string(),
            name,
            comparator,
            target,
            actual: None,
            unit,
            actual_unit: unit.to_string(),
            weight,
            missed,
            completed: !missed,
            reason: missed,
        });
    }
    if plan.has("weights-nonstandard") {
        let shift = 2 * unit_points;
        let from = (output..output + outcome).find(|&i| out[i].weight > shift + 200);
        match from {
            Some(from) => {
                out[from].weight -= shift;
                out[0].weight += shift;
            }
            None => plan.drop("weights-nonstandard"),
        }
    }
    for indicator in &mut out {
        indicator.actual = Some(achieved(rng, indicator));
    }
    let mut used = BTreeSet::new();
    let mut choose = |rng: &mut Rng, ok: &dyn Fn(&Indicator) -> bool, out: &Vec<Indicator>| {
        let candidates: Vec<usize> = (0..out.len()).filter(|i| !used.contains(i) && ok(&out[*i])).collect();
        let chosen = (!candidates.is_empty()).then(|| candidates[rng.index(candidates.len())]);
        if let Some(i) = chosen {
            used.insert(i);
        }
        chosen
    };
    let missable = |x: &Indicator| x.comparator == Comparator::AtLeast && x.weight >= 200;
    // Each row-level violation goes to one row, or to up to `rows_per_plant` rows; the rule is
    // dropped from the plan when no row can take it.
    let mut plant = |rng: &mut Rng,
                     plan: &mut Plan,
                     out: &mut Vec<Indicator>,
                     rule: &str,
                     ok: &dyn Fn(&Indicator) -> bool,
                     apply: &mut dyn FnMut(&mut Rng, &mut Indicator)| {
        if !plan.has(rule) {
            return;
        }
        let rows = rng.range(1, rows_per_plant);
        for row in 0..rows {
            match choose(rng, ok, out) {
                Some(i) => apply(rng, &mut out[i]),
                None if row == 0 => plan.drop(rule),
                None => {}
            }
            if !plan.has(rule) {
                break;
            }
        }
    };
    plant(rng, plan, &mut out, "deviation-unexplained", &missable, &mut |rng, x| {
        x.missed = true;
        x.completed = false;
        x.reason = false;
        x.actual = Some(achieved(rng, x));
    });
    plant(rng, plan, &mut out, "full-score-on-missed-target", &missable, &mut |rng, x| {
        x.missed = true;
        x.reason = true;
        x.actual = Some(achieved(rng, x));
        // Scored in proportion but marked completed: only this rule's second test fails.
        x.completed = true;
    });
    let overachievable =
        |x: &Indicator| x.comparator == Comparator::AtLeast && !x.missed && !matches!(x.unit, "%" | "％");
    plant(rng, plan, &mut out, "overachievement-unexplained", &overachievable, &mut |rng, x| {
        let factor = dec(rng.range(140, 200), 2);
        x.actual = Some(round_half_up(x.target * factor, 0));
        x.reason = false;
    });
    let reclassifiable = |x: &Indicator| x.level1 == "产出指标" && x.level2 != "数量指标";
    plant(rng, plan, &mut out, "indicator-level-invalid", &reclassifiable, &mut |_, x| {
        x.level2 = "社会效益指标".to_string();
    });
    let mismatched_unit = |x: &mut Indicator| {
        let other = match x.unit {
            "%" | "％" => "个",
            "次" => "场",
            "人次" => "人",
            "人" => "户",
            "个" => "处",
            "元/人次" => "元",
            "万元" => "元",
            _ => "件",
        };
        x.actual_unit = other.to_string();
    };
    plant(rng, plan, &mut out, "indicator-unit-missing", &|x: &Indicator| x.actual.is_some(), &mut |_, x| {
        mismatched_unit(x)
    });
    plant(rng, plan, &mut out, "indicator-actual-missing", &|x: &Indicator| !x.missed, &mut |_, x| {
        x.actual = None
    });
    // Many findings in one report, to measure the cost of locating them.
    if fault_rate > 0 {
        let mut any = false;
        for (i, indicator) in out.iter_mut().enumerate() {
            if !used.contains(&i) && indicator.actual.is_some() && rng.per_mille(fault_rate) {
                mismatched_unit(indicator);
                any = true;
            }
        }
        if any {
            plan.0.insert("indicator-unit-missing");
        }
    }
    out
}

/// An achieved value: met within the bounds no rule questions, or 60–95 % of a missed target.
fn achieved(rng: &mut Rng, x: &Indicator) -> Decimal {
    let percent = matches!(x.unit, "%" | "％");
    let decimals = if percent || x.unit == "万元" { 1 } else { 0 };
    let value = if x.missed {
        x.target * dec(rng.range(60, 95), 2)
    } else {
        match x.comparator {
            Comparator::Equal => x.target,
            Comparator::AtMost => x.target * dec(rng.range(80, 100), 2),
            Comparator::AtLeast if percent => {
                let ceiling = (x.target * dec(125, 2)).min(Decimal::ONE_HUNDRED);
                x.target + (ceiling - x.target) * dec(rng.range(0, 100), 2)
            }
            Comparator::AtLeast => x.target * dec(rng.range(100, 125), 2),
        }
    };
    let rounded = round_half_up(value, decimals);
    // Rounding must not turn a met target into a missed one or the reverse.
    match x.comparator {
        Comparator::AtLeast if !x.missed && rounded < x.target => x.target,
        Comparator::AtLeast if x.missed && rounded >= x.target => x.target - Decimal::ONE,
        Comparator::AtMost if rounded > x.target => x.target,
        _ => rounded,
    }
}

impl Indicator {
    /// The row as JSON and its score.
    fn to_json(&self, rng: &mut Rng, scale: u32) -> (Value, Decimal) {
        let weight = dec(self.weight, scale);
        let met = !self.missed;
        let score = match self.actual {
            Some(actual) if !met => {
                let ratio = (actual / self.target).min(Decimal::ONE);
                round_half_up(ratio * weight, scale)
            }
            _ => weight,
        };
        let mut map = Map::new();
        map.insert("level1".into(), Value::from(self.level1));
        map.insert("level2".into(), Value::from(self.level2.as_str()));
        map.insert("name".into(), Value::from(self.name.as_str()));
        let mut target = Map::new();
        target.insert("comparator".into(), Value::from(self.comparator.text()));
        target.insert("value".into(), decimal_json(self.target));
        target.insert("unit".into(), Value::from(self.unit));
        map.insert("target".into(), Value::Object(target));
        if let Some(actual) = self.actual {
            let mut value = Map::new();
            value.insert("value".into(), decimal_json(actual));
            value.insert("unit".into(), Value::from(self.actual_unit.as_str()));
            map.insert("actual".into(), Value::Object(value));
        }
        map.insert("weight".into(), decimal_json(weight));
        map.insert("score".into(), decimal_json(score));
        map.insert("completed".into(), Value::from(self.completed));
        if self.reason {
            map.insert("deviation_reason".into(), Value::from(*rng.pick(DEVIATION_REASONS)));
        }
        (Value::Object(map), score)
    }
}

/// The rows of the national project form (项目支出绩效自评表) filled with a project report, as
/// the form's layout writes them (see `forms/national-project.toml`); `None` for a report of
/// another kind.
fn form_rows(report: &Value) -> Option<Vec<Vec<String>>> {
    if report.get("kind").and_then(Value::as_str) != Some("project") {
        return None;
    }
    let text = |value: Option<&Value>| value.map(value_text).unwrap_or_default();
    let at = |pointer: &str| text(report.pointer(pointer));
    let spread = |first: &str, value: String, width: usize| {
        let mut row = vec![first.to_string(), value];
        row.extend((2..width).map(|_| "<".to_string()));
        row
    };
    let mut rows = vec![
        spread("项目名称", at("/project/name"), 9),
        vec![
            "主管部门".into(),
            at("/department/name"),
            "<".into(),
            "<".into(),
            "实施单位".into(),
            at("/project/implementing_unit"),
            "<".into(),
            "<".into(),
            "<".into(),
        ],
        ["项目资金（", "", "<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    ];
    rows[2][0] = format!("项目资金（{}）", at("/amount_unit"));
    let budget = report.get("budget")?;
    rows.push(vec![
        "^".into(),
        "年度资金总额".into(),
        "<".into(),
        text(budget.get("initial")),
        text(budget.get("adjusted")),
        text(budget.get("executed")),
        at("/self_evaluation/execution_weight"),
        format!("{}%", text(budget.get("execution_rate_pct"))),
        at("/self_evaluation/execution_score"),
    ]);
    for (i, source) in budget.get("by_source").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let name = text(source.get("source"));
        rows.push(vec![
            "^".into(),
            if i == 0 { format!("其中：{name}") } else { name },
            "<".into(),
            text(source.get("initial")),
            text(source.get("adjusted")),
            text(source.get("executed")),
            "—".into(),
            "—".into(),
            "—".into(),
        ]);
    }
    let mut goal = spread("年度总体目标", "预期目标".into(), 9);
    goal[5] = "实际完成情况".into();
    rows.push(goal);
    let mut goal = spread("^", at("/x-performance_goal"), 9);
    goal[5] = "基本完成年度绩效目标".into();
    rows.push(goal);
    rows.push(
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    let mut previous: Option<(String, String)> = None;
    for indicator in report.get("indicators").and_then(Value::as_array).into_iter().flatten() {
        let field = |pointer: &str| text(indicator.pointer(pointer));
        let (level1, level2) = (field("/level1"), field("/level2"));
        // Merged cells repeat a level of the row above, as the form is filled.
        let (shown1, shown2) = match &previous {
            Some((p1, p2)) if *p1 == level1 && *p2 == level2 => ("^".to_string(), "^".to_string()),
            Some((p1, _)) if *p1 == level1 => ("^".to_string(), level2.clone()),
            _ => (level1.clone(), level2.clone()),
        };
        previous = Some((level1, level2));
        let actual = match indicator.get("actual") {
            Some(actual) => format!("{}{}", text(actual.get("value")), text(actual.get("unit"))),
            None => String::new(),
        };
        rows.push(vec![
            "^".into(),
            shown1,
            shown2,
            field("/name"),
            format!("{}{}{}", field("/target/comparator"), field("/target/value"), field("/target/unit")),
            actual,
            field("/weight"),
            field("/score"),
            field("/deviation_reason"),
        ]);
    }
    let mut total = spread("总分", "<".into(), 9);
    total[6] = "100".into();
    total[7] = at("/self_evaluation/score");
    total[8] = String::new();
    rows.push(total);
    Some(rows)
}

/// A percentage stated in the text with its numerator and denominator.
fn claim(rng: &mut Rng, wrong: bool) -> Value {
    let object = rng.pick(OBJECTS);
    let last_year = rng.range(100, 50_000);
    let increase = rng.range(1, last_year / 2 + 1);
    let decimals = if rng.per_mille(500) { 1 } else { 2 };
    let mut stated = round_half_up(dec(increase, 0) / dec(last_year, 0) * Decimal::ONE_HUNDRED, decimals);
    if wrong {
        stated += dec(rng.range(5, 50), 1);
    }
    let mut map = Map::new();
    map.insert(
        "text".into(),
        Value::from(format!(
            "全年服务{object}{}人次，较上年{last_year}人次增长{stated}%。",
            last_year + increase
        )),
    );
    map.insert("numerator".into(), Value::from(increase));
    map.insert("denominator".into(), Value::from(last_year));
    map.insert("stated_pct".into(), decimal_json(stated));
    Value::Object(map)
}

/// Compares jixiao's JSON output with the manifest: per file, the rules found must be exactly
/// the rules planted (and those they bring along), and every generated file must be reported.
fn verify(manifest_path: &Path, findings_path: &Path) -> ExitCode {
    let read = |path: &Path| -> Result<Value, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (manifest, findings) = match (read(manifest_path), read(findings_path)) {
        (Ok(m), Ok(f)) => (m, f),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("verify: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(expected_files) = manifest.get("files").and_then(Value::as_object) else {
        eprintln!("verify: manifest has no files");
        return ExitCode::FAILURE;
    };
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in findings.get("files").and_then(Value::as_array).into_iter().flatten() {
        let path = file.get("path").and_then(Value::as_str).unwrap_or_default();
        // Paths are as jixiao shows them; the manifest names files relative to the corpus.
        let name = Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let rules = found.entry(name).or_default();
        for diagnostic in file.get("diagnostics").and_then(Value::as_array).into_iter().flatten() {
            if let Some(rule) = diagnostic.get("rule").and_then(Value::as_str) {
                rules.insert(rule.to_string());
            }
        }
    }
    let mut mismatches = 0usize;
    let mut per_rule: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (name, expected) in expected_files {
        let expected: BTreeSet<String> = expected
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_string))
            .collect();
        let Some(actual) = found.get(name) else {
            mismatches += 1;
            if mismatches <= 20 {
                eprintln!("MISSING  {name}: not in jixiao's output");
            }
            continue;
        };
        for rule in &expected {
            per_rule.entry(rule.clone()).or_default().0 += 1;
        }
        for rule in actual {
            per_rule.entry(rule.clone()).or_default().1 += 1;
        }
        for rule in expected.intersection(actual) {
            per_rule.entry(rule.clone()).or_default().2 += 1;
        }
        if &expected != actual {
            mismatches += 1;
            if mismatches <= 20 {
                let missing: Vec<_> = expected.difference(actual).collect();
                let extra: Vec<_> = actual.difference(&expected).collect();
                eprintln!(
                    "MISMATCH {name}: planted but not found {missing:?}; found but not planted {extra:?}"
                );
            }
        }
    }
    println!("{:<32} {:>8} {:>8} {:>8}", "rule", "planted", "found", "matched");
    for (rule, (planted, found, matched)) in &per_rule {
        println!("{rule:<32} {planted:>8} {found:>8} {matched:>8}");
    }
    if mismatches > 0 {
        eprintln!("verify: {mismatches} of {} files do not match the manifest", expected_files.len());
        ExitCode::FAILURE
    } else {
        println!("verify: all {} files match the manifest exactly", expected_files.len());
        ExitCode::SUCCESS
    }
}
