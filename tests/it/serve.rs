//! `jixiao serve` from the outside: the built binary started on a free port, spoken to over
//! plain HTTP/1.1 — the page, the API against the command line, escaping of hostile report
//! text and file names, the limits (413, 503, open connections), hostile uploads, the `Host`
//! check and a clean stop on SIGTERM.

#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const HUADU: &str = "examples/huadu-2022.json";

/// A running server, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub(crate) addr: String,
}

impl Server {
    pub(crate) fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["serve", "--addr", "127.0.0.1:0", "--no-config"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the server prints its address");
        let addr = line
            .trim()
            .strip_prefix("jixiao serve: http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Server { child, addr }
    }

    fn get(&self, path: &str) -> Response {
        self.send("GET", path, &[], &[])
    }

    fn post(&self, path: &str, parts: &[Part<'_>]) -> Response {
        let (content_type, body) = multipart(parts);
        self.send("POST", path, &[("Content-Type", &content_type)], &body)
    }

    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        let mut stream = self.connect();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("request head sent");
        stream.write_all(body).expect("request body sent");
        read_response(&mut stream)
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).expect("the server accepts connections");
        stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout set");
        stream
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One part of a multipart form: field name, file name (for a file part), content.
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

fn multipart(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = "jixiaoTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file_name, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file_name {
            Some(file_name) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[derive(Debug)]
struct Response {
    status: u16,
    /// Header names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

fn read_response(stream: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    // The server closes the connection after answering (`Connection: close`); a reset after a
    // complete answer (an upload left unread) still leaves the answer read.
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buffer[..n]),
        }
    }
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
        panic!("no complete response head in {:?}", String::from_utf8_lossy(raw));
    });
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status =
        lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Response { status, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

fn huadu() -> Vec<u8> {
    std::fs::read(HUADU).expect("the example report exists")
}

fn cli_json(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao")).args(args).output().expect("the CLI runs");
    serde_json::from_slice(&output.stdout).expect("the CLI prints JSON")
}

#[test]
fn the_page_offers_an_upload_form_with_every_profile_and_says_nothing_is_stored() {
    let server = Server::start(&[]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    let html = page.text();
    for needle in [
        r#"<form method="post" action="/check" enctype="multipart/form-data""#,
        r#"name="files" multiple accept=".json,.xlsx,.xls,.docx,.txt""#,
        r#"<option value="national""#,
        r#"<option value="huadu""#,
        r#"<option value="huangpu""#,
        r#"<script src="/static/app.js" defer></script>"#,
        "不保存任何上传",
    ] {
        assert!(html.contains(needle), "the page lacks {needle}");
    }
    assert_eq!(html.matches("<script").count(), 1, "the only script is the external one");
    assert!(!html.contains("style="), "no inline style");
    assert!(page.header("content-security-policy").is_some_and(|v| v.starts_with("default-src 'self'")));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    let script = server.get("/static/app.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("dataTransfer"));
    assert!(server.get("/static/app.css").text().contains("mark"));
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn the_api_gives_the_same_findings_as_the_command_line() {
    let server = Server::start(&[]);
    let response = server.post("/api/check", &[("files", Some("huadu-2022.json"), &huadu())]);
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response.header("content-type").is_some_and(|v| v.starts_with("application/json")));
    let served = response.json();
    let mut cli = cli_json(&["check", HUADU, "--format", "json", "--no-config"]);
    cli["files"][0]["path"] = serde_json::json!("huadu-2022.json");
    assert_eq!(served, cli);
    assert!(served["summary"]["warnings"].as_u64().is_some_and(|n| n > 0));
}

#[test]
fn the_api_speaks_sarif_junit_and_the_rules_listing_and_answers_errors_in_json() {
    let server = Server::start(&[]);
    let report = huadu();
    let sarif = server.post("/api/check?format=sarif", &[("files", Some("huadu-2022.json"), &report)]).json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()));
    let junit = server.post("/api/check?format=junit", &[("files", Some("huadu-2022.json"), &report)]);
    assert!(junit.text().starts_with("<?xml"), "{}", junit.text());

    let rules = server.get("/api/rules");
    assert_eq!(rules.json(), cli_json(&["rules", "--format", "json", "--no-config"]));

    let unknown = server.post("/api/check?format=pdf", &[("files", Some("a.json"), b"{}")]);
    assert_eq!(unknown.status, 400);
    assert!(unknown.json()["error"].as_str().is_some_and(|e| e.contains("pdf")));
    let none = server.post("/api/check", &[("profile", None, b"national")]);
    assert_eq!(none.status, 400);
    assert!(none.json()["error"].is_string());
    let kind = server.post("/api/check", &[("files", Some("report.pdf"), b"%PDF")]);
    assert_eq!(kind.status, 415);
    assert!(kind.json()["error"].as_str().is_some_and(|e| e.contains("report.pdf")));
    let profile =
        server.post("/api/check", &[("profile", None, b"atlantis"), ("files", Some("a.json"), b"{}")]);
    assert_eq!(profile.status, 400);
    assert!(profile.json()["error"].as_str().is_some_and(|e| e.contains("atlantis")));
}

#[test]
fn the_result_page_marks_the_value_and_folds_the_advice_and_carries_the_files_for_downloads() {
    let server = Server::start(&[]);
    let page =
        server.post("/check", &[("profile", None, b"huadu"), ("files", Some("huadu-2022.json"), &huadu())]);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("报告称设定了 10 个绩效指标"));
    assert!(html.contains("<mark>10</mark>"), "the declared count is marked");
    assert!(html.contains("<span class=\"place\">23:31</span>"), "line:column of the finding");
    assert!(html.contains("<summary>整改建议与依据</summary>"));
    assert!(html.contains("<dt>实际</dt>") && html.contains("<dt>应为</dt>"));
    assert!(html.contains(r#"formaction="/download?format=xlsx""#));
    assert!(html.contains(r#"<input type="hidden" name="profile" value="huadu">"#));
    assert!(html.contains(r#"<input type="hidden" name="name" value="huadu-2022.json">"#));

    // The download posts the carried files back.
    let carried = html
        .split(r#"name="data" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries the file")
        .to_string();
    let csv = server.post(
        "/download?format=csv",
        &[
            ("profile", None, b"huadu"),
            ("name", None, b"huadu-2022.json"),
            ("data", None, carried.as_bytes()),
        ],
    );
    assert_eq!(csv.status, 200, "{}", csv.text());
    assert!(csv.header("content-disposition").is_some_and(|v| v.contains("filename*=UTF-8''")));
    let expected = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["remediate", HUADU, "--format", "csv", "--no-config", "--profile", "huadu"])
        .output()
        .expect("the CLI runs");
    let expected = String::from_utf8_lossy(&expected.stdout).replace(HUADU, "huadu-2022.json");
    assert_eq!(csv.text(), expected);
    let xlsx = server.post(
        "/download?format=xlsx",
        &[("name", None, b"huadu-2022.json"), ("data", None, carried.as_bytes())],
    );
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"), "an xlsx is a zip");
}

/// A report whose department and indicator names are markup, uploaded under a name that is
/// markup too.
fn hostile_report() -> Vec<u8> {
    let mut report: serde_json::Value = serde_json::from_slice(&huadu()).expect("the example is JSON");
    report["department"]["name"] = serde_json::json!("<script>alert(1)</script>");
    report["indicators"][0]["name"] = serde_json::json!("<img src=x onerror=alert(1)>");
    report["indicators"][1]["name"] = serde_json::json!("</textarea>");
    report["indicators"][2]["name"] = serde_json::json!("{{7*7}}");
    serde_json::to_vec_pretty(&report).expect("serialises")
}

#[test]
fn report_text_and_file_names_are_escaped_never_raw() {
    let server = Server::start(&[]);
    let hostile = hostile_report();
    let page = server.post(
        "/check",
        &[("files", Some("<b>x</b>.json"), &hostile), ("files", Some("huadu.json"), &huadu())],
    );
    assert_eq!(page.status, 200);
    let html = page.text();
    for raw in ["<script>alert(1)", "<img src=x", "</textarea>", "<b>x</b>"] {
        assert!(!html.contains(raw), "{raw} appears unescaped");
    }
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "the department, escaped");
    assert!(html.contains("&#60;img src=x onerror=alert(1)&#62;"), "an indicator name, escaped");
    assert!(html.contains("&#60;/textarea&#62;"));
    assert!(html.contains("{{7*7}}"), "template syntax stays text");
    assert!(
        html.contains("<span class=\"file-name\">&#60;b&#62;x&#60;/b&#62;.json</span>"),
        "the file name, escaped"
    );
    assert!(
        html.contains(r#"name="name" value="&#60;b&#62;x&#60;/b&#62;.json""#),
        "and in the download form"
    );
    assert!(html.contains("<h2>按部门汇总</h2>"), "a batch has the department table");
    assert_eq!(html.matches("<script").count(), 0, "the result page has no script at all");

    // The API keeps the name as text in JSON.
    let api = server.post("/api/check", &[("files", Some("<b>x</b>.json"), &hostile)]).json();
    assert_eq!(api["files"][0]["path"], "<b>x</b>.json");
}

#[test]
fn an_upload_over_the_size_limit_gets_413_without_being_read() {
    let server = Server::start(&["--max-upload-size", "64KB"]);
    let mut stream = server.connect();
    // Declares 10 MB and sends 1 KB: the answer comes without the rest.
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary=x\r\n\
         Content-Length: {}\r\n\r\n",
        server.addr,
        10 << 20
    );
    stream.write_all(head.as_bytes()).expect("head sent");
    stream.write_all(&[b'a'; 1024]).expect("a little body sent");
    let response = read_response(&mut stream);
    assert_eq!(response.status, 413);
    assert_eq!(response.header("connection"), Some("close"));

    // Without a declared length (chunked), the multipart reader stops at the limit.
    let (content_type, body) = multipart(&[("files", Some("big.json"), &vec![b' '; 100 * 1024])]);
    let mut stream = server.connect();
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.addr
    );
    stream.write_all(head.as_bytes()).expect("head sent");
    for chunk in body.chunks(8 * 1024) {
        if stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).is_err()
            || stream.write_all(chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let response = read_response(&mut stream);
    assert_eq!(response.status, 413);
    assert!(response.json()["error"].is_string());
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn more_files_than_allowed_get_413() {
    let server = Server::start(&["--max-files", "2"]);
    let files: Vec<Part<'_>> =
        ["a.json", "b.json", "c.json"].iter().map(|n| ("files", Some(*n), &b"{}"[..])).collect();
    let response = server.post("/api/check", &files);
    assert_eq!(response.status, 413);
    assert!(response.json()["error"].as_str().is_some_and(|e| e.contains('2')));
    assert_eq!(server.post("/api/check", &files[..2]).status, 200);
}

/// Starts an upload that declares more than it sends: the request holds its place until the
/// rest comes or the connection closes.
fn stalled_upload(server: &Server) -> TcpStream {
    let mut stream = server.connect();
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 4096\r\n\r\n--x\r\n",
        server.addr
    );
    stream.write_all(head.as_bytes()).expect("head sent");
    stream
}

/// Starts a request with `start` until it holds the server's only place (`--workers 1 --queue
/// 0`): a probe sent after it is refused with 503. A probe that comes first takes the place
/// itself, and the started request is refused instead; then both are dropped and it begins
/// again (at most 100 times, a few milliseconds apart). Returns the held request and the refusal.
fn holding(server: &Server, start: &dyn Fn() -> TcpStream) -> (TcpStream, Response) {
    let report = huadu();
    let mut last = None;
    for attempt in 0..100u64 {
        let held = start();
        std::thread::sleep(Duration::from_millis(10 + attempt * 5));
        let probe = server.post("/api/check", &[("files", Some("huadu-2022.json"), &report)]);
        if probe.status == 503 {
            return (held, probe);
        }
        last = Some(probe.status);
    }
    panic!("no request held the only place; the last probe got {last:?}");
}

/// Sends `request` until it is answered with `status`, at most 200 times a few milliseconds
/// apart; the answer, or the last one.
fn until_status(status: u16, request: &dyn Fn() -> Response) -> Response {
    let mut last = request();
    for _ in 0..200 {
        if last.status == status {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
        last = request();
    }
    last
}

#[test]
fn a_request_beyond_the_queue_gets_503_with_retry_after_and_the_server_recovers() {
    let server = Server::start(&["--workers", "1", "--queue", "0"]);
    let report = huadu();
    let (stalled, busy) = holding(&server, &|| stalled_upload(&server));
    assert_eq!(busy.status, 503);
    assert!(busy.header("retry-after").is_some());
    assert!(busy.json()["error"].as_str().is_some_and(|e| e.contains("繁忙")));
    let page = server.post("/check", &[("files", Some("huadu-2022.json"), &report)]);
    assert_eq!(page.status, 503, "the page is refused as well");
    assert_eq!(server.get("/healthz").status, 200, "health does not queue");
    drop(stalled);
    let served =
        until_status(200, &|| server.post("/api/check", &[("files", Some("huadu-2022.json"), &report)]));
    assert_eq!(served.status, 200);
}

#[test]
fn hostile_uploads_get_a_diagnostic_and_leave_the_server_answering() {
    let server = Server::start(&[]);
    // Not a workbook at all; a zip header over garbage; a compound-file header over garbage;
    // deep nesting in a text file.
    let mut garbage = vec![0u8; 4096];
    for (i, byte) in garbage.iter_mut().enumerate() {
        *byte = (i.wrapping_mul(7919) % 251) as u8;
    }
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(&garbage);
    let mut cfb = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    cfb.extend_from_slice(&garbage);
    let nested = "[".repeat(100_000);
    for (name, content) in [
        ("garbage.xlsx", garbage.as_slice()),
        ("broken.docx", zip.as_slice()),
        ("broken.xls", cfb.as_slice()),
        ("nested.txt", nested.as_bytes()),
    ] {
        let response = server.post("/api/check", &[("files", Some(name), content)]);
        assert_eq!(response.status, 200, "{name}: {}", response.text());
        let document = response.json();
        assert_eq!(document["files"][0]["path"], name);
        assert!(document["summary"]["errors"].as_u64().is_some_and(|n| n > 0), "{name} has an error");
        assert_eq!(server.get("/healthz").status, 200, "after {name}");
    }
}

#[test]
fn a_host_that_is_not_this_machine_is_refused() {
    let server = Server::start(&[]);
    assert_eq!(server.get("/").status, 200, "its own address is accepted");
    let mut stream = server.connect();
    let port = server.addr.rsplit(':').next().unwrap_or_default();
    let head = format!("GET / HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).expect("sent");
    let response = read_response(&mut stream);
    assert_eq!(response.status, 421);
    assert!(!response.text().contains("<form method=\"post\""));
}

#[test]
fn the_rules_pages_come_from_the_rule_reference() {
    let server = Server::start(&[]);
    let list = server.get("/rules");
    assert_eq!(list.status, 200);
    assert!(list.text().contains(r#"<a href="/rules/indicator-count-mismatch">"#));
    let rule = server.get("/rules/indicator-count-mismatch");
    assert_eq!(rule.status, 200);
    let explain = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["explain", "indicator-count-mismatch", "--no-config"])
        .env("NO_COLOR", "1")
        .output()
        .expect("the CLI runs");
    let first_line = String::from_utf8_lossy(&explain.stdout).lines().next().unwrap_or_default().to_string();
    assert!(!first_line.is_empty());
    assert!(rule.text().contains(&first_line), "the page shows the explanation: {first_line}");
    assert_eq!(server.get("/rules/no-such-rule").status, 404);
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let mut server = Server::start(&["--workers", "1", "--queue", "0"]);
    let report = huadu();
    let (content_type, body) = multipart(&[("files", Some("huadu-2022.json"), &report)]);
    let (first, rest) = body.split_at(body.len() / 2);
    // Half the upload is sent and the request holds the only place: it is in flight.
    let (mut stream, busy) = holding(&server, &|| {
        let mut stream = server.connect();
        let head = format!(
            "POST /api/check HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\n\r\n",
            server.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("head sent");
        stream.write_all(first).expect("half the body sent");
        stream
    });
    assert_eq!(busy.status, 503);
    let killed =
        Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().expect("kill runs");
    assert!(killed.success());
    stream.write_all(rest).expect("the rest of the body sent after SIGTERM");
    let response = read_response(&mut stream);
    assert_eq!(response.status, 200, "the request in flight is answered");
    assert!(response.json()["summary"]["warnings"].as_u64().is_some_and(|n| n > 0));
    let mut status = None;
    for _ in 0..400 {
        if let Some(done) = server.child.try_wait().expect("the server can be waited for") {
            status = Some(done);
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let status = status.expect("the server stopped after SIGTERM");
    assert_eq!(status.code(), Some(0));
}

/// A client that starts a request and never finishes its head loses the connection once the
/// request's time limit has passed, rather than holding it open for ever; the server goes on
/// answering others.
#[test]
fn a_request_head_that_never_ends_is_cut_off_at_the_time_limit() {
    let server = Server::start(&["--request-timeout", "1"]);
    let mut stream = server.connect();
    // Far beyond the one-second limit: reaching it means the connection was left open.
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout set");
    stream
        .write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", server.addr).as_bytes())
        .expect("part of a head sent");
    let mut buffer = [0u8; 1024];
    let mut answer = Vec::new();
    let closed = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break true,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(err)
                if matches!(err.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) =>
            {
                break false;
            }
            // A reset is the connection closed too.
            Err(_) => break true,
        }
    };
    assert!(closed, "the connection is still open; received {:?}", String::from_utf8_lossy(&answer));
    assert_eq!(server.get("/").status, 200, "the server still answers");
}

/// At `--max-connections`, a further client is not served until an open connection closes:
/// one idle client cannot be multiplied into every descriptor the server has.
#[test]
fn beyond_the_connection_limit_a_client_waits_until_a_connection_closes() {
    let server = Server::start(&["--max-connections", "1"]);
    // Connections are accepted in the order they were made: this one takes the only place and
    // holds it with a head that does not end.
    let mut held = server.connect();
    held.write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", server.addr).as_bytes())
        .expect("part of a head sent");
    let mut waiting = server.connect();
    waiting
        .write_all(
            format!("GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.addr).as_bytes(),
        )
        .expect("request sent");
    waiting.set_read_timeout(Some(Duration::from_secs(2))).expect("timeout set");
    let mut buffer = [0u8; 256];
    match waiting.read(&mut buffer) {
        Err(err) if matches!(err.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
        other => panic!("served beyond the limit of one connection: {other:?}"),
    }
    drop(held);
    waiting.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout set");
    assert_eq!(read_response(&mut waiting).status, 200, "served once the held connection closed");
}
