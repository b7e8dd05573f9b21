//! `jixiao serve`: an upload page and an HTTP API over the same rules, profiles and
//! `jixiao.toml` as the command line, for departments and the finance bureau.
//!
//! One process: the rule pack of every profile is compiled once at start; checks run on a
//! bounded number of workers, with a bounded queue in front (503 beyond it). Nothing is stored:
//! uploads are held in memory for the request only, and the result page carries the files back
//! to the browser for its downloads. Reports that are not JSON are parsed in a child process
//! with memory and CPU limits (see [`isolate`]), so that a hostile office file costs a request,
//! never the server.

mod isolate;
mod pages;
mod routes;

use crate::args::ServeArgs;
use crate::error::{CliError, CliResult, EXIT_INTERNAL};
use crate::prepare::{load_with, rule_options};
use jixiao::load::Limits;
use jixiao::rules::RuleSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long in-flight requests may take to finish once the server is asked to stop.
const DRAIN_LIMIT: Duration = Duration::from_secs(30);

/// How long the server waits before accepting again after accepting failed.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// One profile's rules, compiled once.
pub struct Profile {
    pub name: String,
    pub rules: RuleSet,
}

/// What every request shares.
pub struct AppState {
    /// The profiles the pack has; the first is the one configured (`--profile`, `jixiao.toml`
    /// or the pack's default).
    pub profiles: Vec<Profile>,
    pub limits: Limits,
    /// How JSON uploads checked in this process would read a document (they never do: a
    /// `*.json` name is always read as JSON), built once like the rules.
    pub importer: jixiao::import::Importer,
    /// Largest request body of an upload, in bytes.
    pub max_upload: u64,
    pub max_files: usize,
    /// Requests being checked or waiting to be: beyond these, 503.
    pub admission: Arc<Semaphore>,
    /// Requests being checked at once.
    pub workers: Arc<Semaphore>,
    pub child: isolate::ChildCheck,
    /// The address listened on, for the `Host` check.
    pub bound: SocketAddr,
}

impl AppState {
    /// The profile of that name, or the configured one.
    pub fn profile(&self, name: Option<&str>) -> Option<&Profile> {
        match name.filter(|n| !n.is_empty()) {
            Some(name) => self.profiles.iter().find(|p| p.name == name),
            None => self.profiles.first(),
        }
    }
}

/// The names of the built-in pack's profiles (`rules/profiles/NAME.toml`), in name order.
fn builtin_profile_names() -> Vec<String> {
    let mut names: Vec<String> = jixiao::rules::builtin_files()
        .iter()
        .filter_map(|(path, _, _, _)| path.strip_prefix("rules/profiles/")?.strip_suffix(".toml"))
        .filter(|name| !name.contains('/'))
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

pub fn run(args: ServeArgs) -> CliResult {
    // A server runs for months and frees what each upload took: small pages keep its memory
    // close to what it uses. The checks it starts inherit the setting.
    crate::alloc::small_pages_from_now();
    let options = rule_options(&args.rules)?;
    let configured = load_with(&options)?;
    let mut profiles = vec![Profile { name: configured.profile.clone(), rules: configured }];
    for name in builtin_profile_names() {
        if profiles.iter().any(|p| p.name == name) {
            continue;
        }
        let with_profile = jixiao::rules::LoadOptions { profile: Some(name.clone()), ..options.clone() };
        // A profile that does not load with these rules (say, with `--no-default-rules`) is
        // simply not offered.
        if let Ok(rules) = jixiao::rules::load(&with_profile) {
            profiles.push(Profile { name, rules });
        }
    }
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let workers = args.workers.map_or(cores, |n| n as usize);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .max_blocking_threads(workers.max(1) * 2)
        .enable_all()
        .build()
        .map_err(|err| CliError::new(EXIT_INTERNAL, format!("无法启动服务：{err}")))?;
    let child = isolate::ChildCheck::new(&args.rules, options.config.as_ref())
        .map_err(|err| CliError::new(EXIT_INTERNAL, format!("无法启动服务：{err}")))?;
    runtime.block_on(serve(args, profiles, workers, child))
}

async fn serve(
    args: ServeArgs,
    profiles: Vec<Profile>,
    workers: usize,
    child: isolate::ChildCheck,
) -> CliResult {
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|err| CliError::usage(format!("无法监听 {}：{err}", args.addr)))?;
    let bound = listener
        .local_addr()
        .map_err(|err| CliError::new(EXIT_INTERNAL, format!("无法读取监听地址：{err}")))?;
    let state = Arc::new(AppState {
        profiles,
        limits: Limits { max_file_bytes: args.max_upload_size, ..Limits::default() },
        importer: jixiao::import::Importer::builtin()
            .map_err(|err| CliError::new(EXIT_INTERNAL, format!("内置版式无法使用：{err}")))?,
        max_upload: args.max_upload_size,
        max_files: args.max_files as usize,
        admission: Arc::new(Semaphore::new(workers + args.queue as usize)),
        workers: Arc::new(Semaphore::new(workers)),
        child,
        bound,
    });
    let app = routes::router(state, Duration::from_secs(args.request_timeout));
    // The first line on stdout, which scripts and tests read to find the port.
    println!("jixiao serve: http://{bound}/");
    eprintln!(
        "jixiao serve: {workers} 个检查线程，排队上限 {}，连接上限 {}，上传上限 {} 字节、{} 个文件；不保存任何上传内容",
        args.queue, args.max_connections, args.max_upload_size, args.max_files
    );

    // A request's head must arrive within the request's time limit, like its body: a client
    // that opens connections and sends a few bytes now and then would otherwise hold them
    // open for ever.
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(Duration::from_secs(args.request_timeout));
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    // Every open connection holds a descriptor and its buffers, idle or not: at the limit the
    // server accepts nothing until one closes, and new clients wait in the system's listen queue
    // rather than taking the descriptors the checks need.
    let open = Arc::new(Semaphore::new(args.max_connections as usize));
    let mut stop = std::pin::pin!(shutdown_signal());
    loop {
        let place = tokio::select! {
            acquired = Arc::clone(&open).acquire_owned() => match acquired {
                Ok(place) => place,
                // Only a closed semaphore fails, and this one is never closed.
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was accepted: the
                // server goes on, after a pause that lets descriptors be freed.
                Err(_) => {
                    tokio::time::sleep(ACCEPT_PAUSE).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            // A connection that fails (reset, a malformed head, the deadline) concerns its client only.
            let _ = connection.await;
            drop(place);
        });
    }
    drop(listener);
    eprintln!("jixiao serve: 正在停止，等待进行中的请求完成");
    if tokio::time::timeout(DRAIN_LIMIT, connections.shutdown()).await.is_err() {
        eprintln!("jixiao serve: {} 秒内仍有请求未完成，强制停止", DRAIN_LIMIT.as_secs());
    }
    Ok(0)
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
