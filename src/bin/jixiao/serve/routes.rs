//! The routes: the page (`/`, `/check`, `/download`, `/rules`), the API (`/api/check`,
//! `/api/rules`), `/healthz` and the embedded assets; and the layers every request goes
//! through: a log line, security headers, the `Host` check, body limits and time limits.

use super::isolate::Checked;
use super::pages::{self, ErrorPage, IndexPage, ProfileChoice, RulePage};
use super::{AppState, Profile};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use jixiao::diagnostic::FileReport;
use jixiao::render;
use jixiao::rules::RuleSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyDeadlineLayer, TimeoutLayer};

type Shared = Arc<AppState>;

/// The extensions accepted, lower case, without the dot.
pub const ACCEPTED: [&str; 5] = ["json", "xlsx", "xls", "docx", "txt"];

/// Scripts and styles from this server only, no inline ones; no framing; forms post here only.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Seconds a client is asked to wait after a 503.
const RETRY_AFTER_SECONDS: &str = "5";

pub fn router(state: Shared, timeout: Duration) -> Router {
    let upload_limit = usize::try_from(state.max_upload).unwrap_or(usize::MAX);
    // The download form carries the same files in base64 (4 bytes for 3), their names and the
    // form's own fields.
    let download_limit = upload_limit.saturating_div(3).saturating_mul(4).saturating_add(256 * 1024);
    let security = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(index))
        .route("/healthz", get(healthz))
        .route("/static/app.css", get(stylesheet))
        .route("/static/app.js", get(script))
        .route("/rules", get(rules_page))
        .route("/rules/{id}", get(rule_page))
        .route("/api/rules", get(api_rules))
        .route("/check", limited(post(check_page), upload_limit))
        .route("/api/check", limited(post(api_check), upload_limit))
        .route("/download", limited(post(download), download_limit))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .layer(RequestBodyDeadlineLayer::new(timeout))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(security(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(security(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security(header::REFERRER_POLICY, "no-referrer"))
        .layer(security(header::X_FRAME_OPTIONS, "DENY"))
        .layer(middleware::from_fn(log))
        .with_state(state)
}

/// Both body limits: axum's (which the multipart reader obeys) and tower-http's (which answers
/// 413 on a declared length over the limit before anything is read).
fn limited(route: MethodRouter<Shared>, limit: usize) -> MethodRouter<Shared> {
    route
        .layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(limit))
        .layer::<_, std::convert::Infallible>(RequestBodyLimitLayer::new(limit))
}

/// One line per request on stderr: method, path, status, time, bytes in and out. Never the
/// query, the report's content or a file name.
async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let received = content_length(request.headers());
    let started = Instant::now();
    let mut response = next.run(request).await;
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        // The rest of the upload is not read: the connection cannot carry another request.
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    let sent = content_length(response.headers()).or_else(|| {
        use axum::body::HttpBody as _;
        response.body().size_hint().exact()
    });
    let shown = |n: Option<u64>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    eprintln!(
        "{method} {path} {} {:.1}ms in={} out={}",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0,
        shown(received),
        shown(sent)
    );
    response
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// Refuses a `Host` that is not this server's loopback address or `localhost`, so that a web
/// page cannot reach the server through a domain name pointed at 127.0.0.1 (DNS rebinding).
/// A server bound to another address is meant to be reached by other names.
async fn check_host(State(state): State<Shared>, request: Request, next: Next) -> Response {
    if !state.bound.ip().is_loopback() {
        return next.run(request).await;
    }
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok());
    if host.is_some_and(|h| host_allowed(h, state.bound.port())) {
        return next.run(request).await;
    }
    Failure::new(
        StatusCode::MISDIRECTED_REQUEST,
        "请求的主机名不是本服务的地址（只接受 localhost 或本机地址）",
    )
    .page()
}

/// Whether `host` (a `Host` header) names this machine's loopback interface on `port`.
pub fn host_allowed(host: &str, port: u16) -> bool {
    let (name, given_port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((name, tail)) => (name, tail.strip_prefix(':')),
            None => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let name_ok = name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let port_ok = match given_port {
        Some(given) => given.parse::<u16>().is_ok_and(|p| p == port),
        None => port == 80,
    };
    name_ok && port_ok
}

/// A request that cannot be served, with the status to answer.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Failure { status, message: message.into() }
    }

    fn busy() -> Self {
        Failure::new(StatusCode::SERVICE_UNAVAILABLE, "服务繁忙，请稍后再试")
    }

    fn headers(&self, response: &mut Response) {
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
    }

    /// As an HTML page.
    fn page(self) -> Response {
        let html = pages::render(&ErrorPage { status: self.status.as_u16(), message: self.message.clone() });
        let mut response = (self.status, Html(html)).into_response();
        self.headers(&mut response);
        response
    }

    /// As the API's `{"error": "..."}`.
    fn json(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        let mut response =
            (self.status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body).into_response();
        self.headers(&mut response);
        response
    }
}

/// One uploaded file, named for display.
pub struct Upload {
    pub name: String,
    pub extension: &'static str,
    pub bytes: Bytes,
}

/// A form as received: the profile chosen and the files.
struct Received {
    profile: Option<String>,
    uploads: Vec<Upload>,
}

/// How the files come: as file parts named `files` (the upload form, the API), or as base64
/// texts `data`, each after its `name` (the download form of the result page).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Carried {
    Files,
    Encoded,
}

fn multipart_failure(err: &axum::extract::multipart::MultipartError) -> Failure {
    let mut status = err.status();
    // An upload cut off by the outer body limit reaches the reader as a failed read; the
    // cause is found down the chain of sources.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(error) = cause {
        if error.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
            status = StatusCode::PAYLOAD_TOO_LARGE;
        }
        cause = error.source();
    }
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return Failure::new(status, "上传的文件合计超过大小上限");
    }
    Failure::new(status, format!("无法读取上传的表单：{}", err.body_text()))
}

async fn receive(state: &AppState, mut multipart: Multipart, carried: Carried) -> Result<Received, Failure> {
    let mut profile = None;
    let mut uploads: Vec<Upload> = Vec::new();
    let mut pending_name: Option<String> = None;
    let too_many =
        || Failure::new(StatusCode::PAYLOAD_TOO_LARGE, format!("一次最多上传 {} 个文件", state.max_files));
    while let Some(field) = multipart.next_field().await.map_err(|e| multipart_failure(&e))? {
        let field_name = field.name().unwrap_or_default().to_string();
        match (field_name.as_str(), carried) {
            ("profile", _) => {
                profile = Some(field.text().await.map_err(|e| multipart_failure(&e))?.trim().to_string());
            }
            ("files", Carried::Files) => {
                let raw_name = field.file_name().unwrap_or_default().to_string();
                if uploads.len() >= state.max_files {
                    return Err(too_many());
                }
                let bytes = field.bytes().await.map_err(|e| multipart_failure(&e))?;
                // A file input left empty still sends a part, without a name or content.
                if raw_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                uploads.push(upload(&raw_name, bytes)?);
            }
            ("name", Carried::Encoded) => {
                pending_name = Some(field.text().await.map_err(|e| multipart_failure(&e))?);
            }
            ("data", Carried::Encoded) => {
                if uploads.len() >= state.max_files {
                    return Err(too_many());
                }
                let text = field.text().await.map_err(|e| multipart_failure(&e))?;
                let bytes = BASE64.decode(text.trim()).map_err(|_| {
                    Failure::new(StatusCode::BAD_REQUEST, "附带的文件内容无法解码，请重新上传")
                })?;
                let name = pending_name.take().unwrap_or_default();
                uploads.push(upload(&name, Bytes::from(bytes))?);
            }
            // Other fields are read and dropped.
            _ => {}
        }
    }
    if uploads.is_empty() {
        return Err(Failure::new(StatusCode::BAD_REQUEST, "请选择至少一个文件（字段名 files）"));
    }
    let total: u64 = uploads.iter().map(|u| u.bytes.len() as u64).sum();
    if total > state.max_upload {
        return Err(Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "上传的文件合计超过大小上限"));
    }
    unique_names(&mut uploads);
    // In name order, as a run gives its files in path order.
    uploads.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Received { profile, uploads })
}

fn upload(raw_name: &str, bytes: Bytes) -> Result<Upload, Failure> {
    let name = display_name(raw_name);
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .and_then(|e| ACCEPTED.into_iter().find(|a| *a == e));
    match extension {
        Some(extension) => Ok(Upload { name, extension, bytes }),
        None => Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("不支持的文件类型：{name}（可上传 .json、.xlsx、.xls、.docx、.txt）"),
        )),
    }
}

/// A file name as a browser or client sent it, made fit to show: without the folders of a
/// Windows path (which old browsers sent), without control characters, at most 120
/// characters. It is only ever shown (escaped) and written into outputs, never used as a path,
/// so a `/` in it is just a character.
pub fn display_name(raw: &str) -> String {
    let last = raw.rsplit('\\').next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim();
    if cleaned.chars().count() <= 120 {
        return if cleaned.is_empty() { "未命名".to_string() } else { cleaned.to_string() };
    }
    // Long names keep their extension.
    let extension = cleaned.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().count() <= 8).unwrap_or("");
    let stem: String = cleaned.chars().take(110).collect();
    if extension.is_empty() { stem } else { format!("{stem}….{extension}") }
}

/// Two uploads of the same name become `a.json` and `a (2).json`.
fn unique_names(uploads: &mut [Upload]) {
    let mut seen = std::collections::BTreeSet::new();
    for upload in uploads.iter_mut() {
        let mut candidate = upload.name.clone();
        let mut n = 2;
        while seen.contains(&candidate) {
            candidate = match upload.name.rsplit_once('.') {
                Some((stem, extension)) => format!("{stem} ({n}).{extension}"),
                None => format!("{} ({n})", upload.name),
            };
            n += 1;
        }
        upload.name = candidate.clone();
        seen.insert(candidate);
    }
}

/// Checks the uploads with one profile's rules, on one worker: JSON in this process (the
/// loader is bounded), other kinds in a child process.
async fn check_all(state: &Shared, profile: usize, uploads: &[Upload]) -> Vec<Checked> {
    // The semaphore is never closed, so acquiring fails only if it were; then no limit applies.
    let _running = state.workers.acquire().await.ok();
    let mut checked = Vec::with_capacity(uploads.len());
    for upload in uploads {
        let Some(rules) = state.profiles.get(profile) else { break };
        if upload.extension == "json" {
            let (state, name, bytes) = (Arc::clone(state), upload.name.clone(), upload.bytes.clone());
            let report = tokio::task::spawn_blocking(move || {
                let rules = state.profiles.get(profile).map(|p| &p.rules);
                rules.map(|rules| {
                    jixiao::check::Checker {
                        rules,
                        limits: state.limits,
                        importer: &state.importer,
                        keep: jixiao::check::Keep::Text,
                    }
                    .check_bytes_isolated(&name, &bytes)
                })
            })
            .await;
            match report {
                Ok(Some(report)) => checked.push(Checked::in_process(report)),
                _ => checked.push(Checked::in_process(jixiao::check::internal_error(
                    &upload.name,
                    &"检查任务未能完成",
                ))),
            }
        } else {
            checked.push(state.child.check(&rules.name, &upload.name, upload.extension, &upload.bytes).await);
        }
    }
    checked
}

/// The profile a form asked for, by index.
fn chosen_profile(state: &AppState, name: Option<&str>) -> Result<usize, Failure> {
    let wanted = name.filter(|n| !n.is_empty());
    match wanted {
        None => Ok(0),
        Some(wanted) => state.profiles.iter().position(|p| p.name == wanted).ok_or_else(|| {
            let names: Vec<&str> = state.profiles.iter().map(|p| p.name.as_str()).collect();
            Failure::new(
                StatusCode::BAD_REQUEST,
                format!("未知地区配置 `{wanted}`：可用 {}", names.join("、")),
            )
        }),
    }
}

/// A place in the queue, or 503 when it is full; taken before the body is read.
fn admit(state: &Shared) -> Result<tokio::sync::OwnedSemaphorePermit, Failure> {
    Arc::clone(&state.admission).try_acquire_owned().map_err(|_| Failure::busy())
}

/// What `/download` and `/api/check` share: the request admitted, the format asked for (one of
/// `formats`, the first by default), the uploads checked, and the rules of their profile.
async fn in_format<'s>(
    state: &'s Shared,
    query: FormatQuery,
    formats: &[&str],
    multipart: Multipart,
    carried: Carried,
) -> Result<(tokio::sync::OwnedSemaphorePermit, String, Vec<FileReport>, &'s RuleSet), Failure> {
    let admitted = admit(state)?;
    let format = query.format.unwrap_or_else(|| formats.first().copied().unwrap_or_default().to_string());
    if !formats.contains(&format.as_str()) {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            format!("未知格式 `{format}`：可用 {}", formats.join("、")),
        ));
    }
    let (profile, _, checked) = checked_form(state, multipart, carried).await?;
    let reports: Vec<FileReport> = checked.into_iter().map(|c| c.report).collect();
    let Some(Profile { rules, .. }) = state.profiles.get(profile) else {
        return Err(Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "地区配置丢失"));
    };
    Ok((admitted, format, reports, rules))
}

/// Receives, admits and checks: what `/check`, `/download` and `/api/check` share.
async fn checked_form(
    state: &Shared,
    multipart: Multipart,
    carried: Carried,
) -> Result<(usize, Vec<Upload>, Vec<Checked>), Failure> {
    let received = receive(state, multipart, carried).await?;
    let profile = chosen_profile(state, received.profile.as_deref())?;
    let checked = check_all(state, profile, &received.uploads).await;
    Ok((profile, received.uploads, checked))
}

async fn index(State(state): State<Shared>) -> Response {
    let page = IndexPage {
        profiles: state
            .profiles
            .iter()
            .enumerate()
            .map(|(i, p)| ProfileChoice { name: p.name.clone(), selected: i == 0 })
            .collect(),
        max_upload: pages::size_text(state.max_upload),
        max_files: state.max_files,
    };
    Html(pages::render(&page)).into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", include_str!("static/app.css"))
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", include_str!("static/app.js"))
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], text)
        .into_response()
}

async fn not_found() -> Response {
    Failure::new(StatusCode::NOT_FOUND, "没有这个页面").page()
}

async fn check_page(State(state): State<Shared>, multipart: Multipart) -> Response {
    let _admitted = match admit(&state) {
        Ok(permit) => permit,
        Err(failure) => return failure.page(),
    };
    match checked_form(&state, multipart, Carried::Files).await {
        Ok((profile, uploads, checked)) => {
            let name = state.profiles.get(profile).map(|p| p.name.as_str()).unwrap_or_default();
            let carried = uploads.iter().map(|u| (u.name.clone(), BASE64.encode(&u.bytes))).collect();
            Html(pages::render(&pages::result_page(name, &checked, carried))).into_response()
        }
        Err(failure) => failure.page(),
    }
}

#[derive(serde::Deserialize)]
struct FormatQuery {
    format: Option<String>,
}

async fn download(
    State(state): State<Shared>,
    Query(query): Query<FormatQuery>,
    multipart: Multipart,
) -> Response {
    let (_admitted, format, reports, rules) = match in_format(
        &state,
        query,
        &["xlsx", "csv", "json", "sarif"],
        multipart,
        Carried::Encoded,
    )
    .await
    {
        Ok(done) => done,
        Err(failure) => return failure.page(),
    };
    let (content_type, ascii_name, name, body): (&str, &str, &str, Vec<u8>) = match format.as_str() {
        "xlsx" => match render::remediation::xlsx(&reports) {
            Ok(bytes) => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "remediation.xlsx",
                "整改清单.xlsx",
                bytes,
            ),
            Err(err) => return Failure::new(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).page(),
        },
        "csv" => (
            "text/csv; charset=utf-8",
            "remediation.csv",
            "整改清单.csv",
            render::remediation::csv(&reports).into_bytes(),
        ),
        "json" => (
            "application/json; charset=utf-8",
            "jixiao.json",
            "jixiao.json",
            render::json::render(&reports).into_bytes(),
        ),
        _ => (
            "application/sarif+json",
            "jixiao.sarif",
            "jixiao.sarif",
            render::sarif::render(&reports, &rules.metas(), std::path::Path::new("")).into_bytes(),
        ),
    };
    let disposition =
        format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}", percent_encode(name));
    let disposition =
        HeaderValue::from_str(&disposition).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// RFC 5987 encoding of a file name: every byte but unreserved ASCII as `%XX`.
fn percent_encode(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

async fn api_check(
    State(state): State<Shared>,
    Query(query): Query<FormatQuery>,
    multipart: Multipart,
) -> Response {
    let (_admitted, format, reports, rules) =
        match in_format(&state, query, &["json", "sarif", "junit"], multipart, Carried::Files).await {
            Ok(done) => done,
            Err(failure) => return failure.json(),
        };
    let (content_type, body) = match format.as_str() {
        "sarif" => (
            "application/sarif+json",
            render::sarif::render(&reports, &rules.metas(), std::path::Path::new("")),
        ),
        "junit" => (
            "application/xml; charset=utf-8",
            render::junit::render(&reports, &rules.metas(), Some(jixiao::diagnostic::Severity::Error)),
        ),
        _ => ("application/json; charset=utf-8", render::json::render(&reports)),
    };
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

#[derive(serde::Deserialize)]
struct ProfileQuery {
    profile: Option<String>,
}

async fn api_rules(State(state): State<Shared>, Query(query): Query<ProfileQuery>) -> Response {
    match state.profile(query.profile.as_deref()) {
        Some(profile) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            jixiao::reference::json(&profile.rules),
        )
            .into_response(),
        None => Failure::new(StatusCode::NOT_FOUND, "未知地区配置").json(),
    }
}

async fn rules_page(State(state): State<Shared>, Query(query): Query<ProfileQuery>) -> Response {
    match state.profile(query.profile.as_deref()) {
        Some(profile) => Html(pages::render(&pages::rules_page(&profile.rules))).into_response(),
        None => Failure::new(StatusCode::NOT_FOUND, "未知地区配置").page(),
    }
}

async fn rule_page(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Query(query): Query<ProfileQuery>,
) -> Response {
    let Some(profile) = state.profile(query.profile.as_deref()) else {
        return Failure::new(StatusCode::NOT_FOUND, "未知地区配置").page();
    };
    let style = jixiao::render::human::Style { color: false, width: 100 };
    match (profile.rules.rule(&id), jixiao::reference::explain(&profile.rules, &id, style)) {
        (Some(rule), Some(text)) => {
            Html(pages::render(&RulePage { id: rule.id.clone(), title: rule.title.clone(), text }))
                .into_response()
        }
        _ => Failure::new(StatusCode::NOT_FOUND, format!("未知规则 `{id}`")).page(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_on_the_bound_port_are_accepted() {
        assert!(host_allowed("127.0.0.1:8080", 8080));
        assert!(host_allowed("localhost:8080", 8080));
        assert!(host_allowed("LOCALHOST:8080", 8080));
        assert!(host_allowed("[::1]:8080", 8080));
        assert!(host_allowed("localhost", 80));
        assert!(!host_allowed("localhost", 8080));
        assert!(!host_allowed("127.0.0.1:8081", 8080));
        assert!(!host_allowed("evil.example:8080", 8080));
        assert!(!host_allowed("127.0.0.1.evil.example:8080", 8080));
        assert!(!host_allowed("[::1", 8080));
    }

    #[test]
    fn file_names_lose_windows_folders_and_control_characters() {
        assert_eq!(display_name("C:\\Users\\a\\报告.json"), "报告.json");
        assert_eq!(display_name("a\u{0}b\nc.json"), "abc.json");
        assert_eq!(display_name("<b>x</b>.json"), "<b>x</b>.json");
        assert_eq!(display_name(""), "未命名");
        let long = format!("{}.xlsx", "长".repeat(200));
        let shown = display_name(&long);
        assert!(shown.ends_with("….xlsx") && shown.chars().count() == 116, "{shown}");
    }

    #[test]
    fn names_given_twice_are_numbered() {
        let mut uploads: Vec<Upload> = ["a.json", "a.json", "b", "b"]
            .into_iter()
            .map(|name| Upload { name: name.to_string(), extension: "json", bytes: Bytes::new() })
            .collect();
        unique_names(&mut uploads);
        let names: Vec<&str> = uploads.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["a.json", "a (2).json", "b", "b (2)"]);
    }

    #[test]
    fn attachment_names_are_percent_encoded_as_utf8() {
        assert_eq!(percent_encode("整改清单.xlsx"), "%E6%95%B4%E6%94%B9%E6%B8%85%E5%8D%95.xlsx");
    }
}
