use regex_automata::{meta, nfa::thompson::WhichCaptures};
use std::time::Instant;
fn main() {
    let find = std::fs::read_to_string("/tmp/ab/findpat.txt").unwrap();
    let find = find.split('"').nth(1).unwrap().to_string();
    let pats = [
        "[0-9０-９][ 　]*[十百千万亿]?[ 　]*[多余]|(^|[^节制预签合契公条集简])约[ 　]*[0-9０-９]|(^|[^最附])近[ 　]*[0-9０-９]|(超过|逾)[ 　]*[0-9０-９]|[0-9０-９][^0-9０-９]{0,3}左右".to_string(),
        "^-?[0-9]+([.][0-9]+)?$".to_string(),
        find,
    ];
    let hay = [
        "约100人",
        "98.5%",
        "按时完成",
        "100%",
        "≥95%",
        "全年培训 3000 余人次",
        "12 期",
        "2023年12月31日前完成全部建设任务",
    ];
    for p in &pats {
        let a = meta::Builder::new()
            .configure(meta::Config::new().which_captures(WhichCaptures::None))
            .build(p)
            .unwrap();
        let b = meta::Builder::new()
            .configure(meta::Config::new().which_captures(WhichCaptures::None).hybrid(false).dfa(false))
            .build(p)
            .unwrap();
        for r in [&a, &b] {
            let mut n = 0;
            for h in hay {
                n += r.is_match(h) as usize;
            }
            let t = Instant::now();
            for _ in 0..20000 {
                for h in hay {
                    n += std::hint::black_box(r).is_match(std::hint::black_box(h)) as usize;
                }
            }
            print!("{:>8.1} ns ", t.elapsed().as_nanos() as f64 / 20000.0 / hay.len() as f64);
            std::hint::black_box(n);
        }
        println!("{}", p.chars().take(30).collect::<String>());
    }
}
