//! The upload page in a real browser: Debian's chromium, driven over WebDriver by its
//! chromedriver, uploads reports through the form, finds each expected finding with its value
//! marked, downloads the 整改清单 workbook and compares its rows with the findings.
//!
//! Without `/usr/bin/chromedriver` the test says it did not run and passes, unless
//! `JIXIAO_REQUIRE_BROWSER=1` is set (as CI does), when it fails.

#![cfg(feature = "serve")]

use calamine::{Reader, Xlsx, open_workbook};
use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// A report to upload through the page, and what the result page must show for it.
struct Upload {
    /// Relative to the crate's root.
    path: &'static str,
    /// Text of a finding.
    finding: &'static str,
    /// The value marked in that finding's excerpt.
    marked: &'static str,
}

/// The uploads the test makes, one page visit each: the report as JSON, and the same report as
/// the Word document it was published as, where the finding is marked in its sentence.
const UPLOADS: &[Upload] = &[
    Upload {
        path: "examples/huadu-2022.json", finding: "报告称设定了 10 个绩效指标", marked: "10"
    },
    Upload {
        path: "examples/huadu-2022.docx", finding: "报告称设定了 10 个绩效指标", marked: "10"
    },
];

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn start_chromedriver() -> (Running, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = Command::new(CHROMEDRIVER)
        .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let running = Running(child);
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (running, port);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("chromedriver did not listen on port {port}");
}

/// The findings the command line reports for a file, as the 问题 column shows them.
fn cli_messages(path: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", path, "--format", "json", "--no-config"])
        .current_dir(root())
        .output()
        .expect("the CLI runs");
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    document["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["suppressed"].is_null())
        .map(|d| d["message"].as_str().expect("a message").to_string())
        .collect()
}

/// Waits for a finished download named `name` in `dir`.
fn downloaded(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    for _ in 0..400 {
        if path.exists() && !dir.join(format!("{name}.crdownload")).exists() {
            return path;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen: Vec<_> =
        std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.file_name()).collect()).unwrap_or_default();
    panic!("{name} was not downloaded; the folder holds {seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_uploads_a_report_sees_the_marked_finding_and_downloads_the_remediation_list() {
    if !Path::new(CHROMEDRIVER).exists() {
        if std::env::var("JIXIAO_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!(
                "JIXIAO_REQUIRE_BROWSER=1 but {CHROMEDRIVER} is missing: install chromium and chromium-driver"
            );
        }
        println!("browser test did not run: chromedriver not installed");
        return;
    }
    let server = crate::serve::Server::start(&[]);
    let base = format!("http://{}/", server.addr);
    let (_driver, port) = start_chromedriver();
    let downloads = tempfile::tempdir().expect("a download folder");
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800"],
            "prefs": {
                "download.default_directory": downloads.path(),
                "download.prompt_for_download": false
            }
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else { unreachable!("an object literal") };
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session");

    for upload in UPLOADS {
        client.goto(&base).await.expect("the page opens");
        let path = root().join(upload.path);
        let input = client.find(Locator::Css("input[type=file]")).await.expect("a file input");
        input.send_keys(&path.to_string_lossy()).await.expect("the file is chosen");
        let chosen = client.find(Locator::Css("#chosen li")).await.expect("the script lists the chosen file");
        assert_eq!(
            chosen.text().await.expect("text"),
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        );
        client
            .find(Locator::Css("form.upload button[type=submit]"))
            .await
            .expect("a submit button")
            .click()
            .await
            .expect("submitted");

        let finding = client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::XPath(&format!(
                "//li[contains(@class,'finding')][contains(., '{}')]",
                upload.finding
            )))
            .await
            .expect("the finding is shown");
        let mark = finding.find(Locator::Css("pre.excerpt mark")).await.expect("its value is marked");
        assert_eq!(mark.text().await.expect("text"), upload.marked);
        let scripts =
            client.execute("return document.querySelectorAll('script').length", vec![]).await.expect("runs");
        assert_eq!(scripts, serde_json::json!(0), "the result page runs no script");

        let screenshots = root().join("target").join("screenshots");
        std::fs::create_dir_all(&screenshots).expect("a screenshot folder");
        let png = client.screenshot().await.expect("a screenshot");
        std::fs::write(screenshots.join("result.png"), png).expect("the screenshot is written");

        client
            .find(Locator::Css("button[formaction='/download?format=xlsx']"))
            .await
            .expect("the xlsx button")
            .click()
            .await
            .expect("clicked");
        let workbook_path = downloaded(downloads.path(), "整改清单.xlsx");
        let mut workbook: Xlsx<_> = open_workbook(&workbook_path).expect("an xlsx workbook");
        let sheet = workbook.worksheet_range("整改清单").expect("the 整改清单 sheet");
        let mut rows = sheet.rows();
        let header: Vec<String> = rows.next().expect("a header").iter().map(ToString::to_string).collect();
        assert_eq!(header[3], "问题");
        let problems: Vec<String> = rows.map(|row| row[3].to_string()).collect();
        assert_eq!(problems, cli_messages(upload.path));
        std::fs::remove_file(&workbook_path).expect("the download is removed for the next upload");
    }
    client.close().await.expect("the session closes");
}
