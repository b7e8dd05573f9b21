//! Load for `jixiao serve`: CLIENTS threads each upload a report REQUESTS times to
//! `/api/check` on a 127.0.0.1 address, one connection per request, and the latencies and
//! statuses are printed. Refuses any address that is not 127.0.0.1; bounded in requests and,
//! through a per-request time limit, in time. Used by `scripts/load.sh`.
//!
//! Usage: serve-load ADDR REPORT [CLIENTS] [REQUESTS]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(addr), Some(report)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: serve-load 127.0.0.1:PORT REPORT [CLIENTS] [REQUESTS]");
        std::process::exit(2);
    };
    let addr: SocketAddr = match addr.parse::<SocketAddr>() {
        Ok(addr) if addr.ip() == std::net::Ipv4Addr::LOCALHOST => addr,
        _ => {
            eprintln!("serve-load sends only to 127.0.0.1:PORT, not {addr}");
            std::process::exit(2);
        }
    };
    let clients: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(50).min(500);
    let requests: usize = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(20).min(1000);
    let content = match std::fs::read(report) {
        Ok(content) => content,
        Err(err) => {
            eprintln!("cannot read {report}: {err}");
            std::process::exit(2);
        }
    };
    let name = std::path::Path::new(report).file_name().map_or("report.json".into(), |n| n.to_string_lossy());
    let boundary = "serveLoadBoundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
         Content-Type: application/json\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = format!(
        "POST /api/check HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let request = std::sync::Arc::new(request);

    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let request = std::sync::Arc::clone(&request);
            std::thread::spawn(move || {
                (0..requests).map(|_| one(addr, &request)).collect::<Vec<(Option<u16>, Duration)>>()
            })
        })
        .collect();
    let mut results = Vec::new();
    for thread in threads {
        results.extend(thread.join().unwrap_or_default());
    }
    let wall = started.elapsed();

    let count = |wanted: Option<u16>| results.iter().filter(|(s, _)| *s == wanted).count();
    let ok = count(Some(200));
    let busy = count(Some(503));
    let other = results.len() - ok - busy;
    let mut latencies: Vec<Duration> =
        results.iter().filter(|(s, _)| *s == Some(200)).map(|(_, d)| *d).collect();
    latencies.sort();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
        latencies.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!("requests     {} ({clients} clients × {requests})", results.len());
    println!("200          {ok}");
    println!("503          {busy}");
    println!("other        {other}");
    println!(
        "wall         {:.2} s ({:.0} requests/s answered 200)",
        wall.as_secs_f64(),
        ok as f64 / wall.as_secs_f64()
    );
    println!("latency p50  {:.1} ms", at(0.50));
    println!("latency p90  {:.1} ms", at(0.90));
    println!("latency p99  {:.1} ms", at(0.99));
    println!("latency max  {:.1} ms", at(1.0));
    if other > 0 {
        std::process::exit(1);
    }
}

/// One request: its status (`None` when it failed) and how long it took.
fn one(addr: SocketAddr, request: &[u8]) -> (Option<u16>, Duration) {
    let started = Instant::now();
    let status = (|| {
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
        stream.write_all(request).ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok()?;
        let head = std::str::from_utf8(response.get(..12)?).ok()?;
        head.get(9..12)?.parse().ok()
    })();
    (status, started.elapsed())
}
