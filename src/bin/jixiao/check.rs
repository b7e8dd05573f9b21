//! `jixiao check`: check reports and write findings in one or more formats.

use crate::args::{CheckArgs, Color, Format};
use crate::error::{CliError, CliResult, EXIT_FINDINGS};
use crate::output::{AtomicFile, Stdout, commit_buffered};
use crate::prepare::{Prepared, fail_on, failure_exit, prepare, style};
use jixiao::check::{Checker, Keep};
use jixiao::render::stream::{Output, Streaming};
use jixiao::render::{self, human};
use jixiao::run::{Suppressions, TemporaryFile};

/// The streaming form of a format.
fn renderer<'a>(
    format: Format,
    metas: &'a [jixiao::diagnostic::RuleMeta<'a>],
    args: &CheckArgs,
    color: Color,
) -> Box<dyn Streaming + 'a> {
    match format {
        Format::Human if args.verbose => Box::new(human::Stream::new(style(color), args.quiet)),
        Format::Human => Box::new(human::Stream::new(style(color), args.quiet).grouped(metas)),
        Format::Concise => Box::new(render::concise::Stream::default()),
        Format::Json => Box::new(render::json::Stream::default()),
        Format::Sarif => {
            let base = std::env::current_dir().unwrap_or_default();
            Box::new(render::sarif::Stream::new(metas, &base))
        }
        Format::Junit => Box::new(render::junit::Stream::new(metas, fail_on(args.fail_on))),
        Format::Github => Box::new(render::github::Stream),
    }
}

/// What the run keeps of each report, by what its outputs show: every format of the run (on
/// stdout and in `--output` files) must be served, and a baseline to read or write
/// fingerprints each finding's value in the text.
fn keep(args: &CheckArgs) -> Keep {
    let formats = || std::iter::once(args.format).chain(args.outputs.iter().map(|o| o.format));
    let baseline = args.baseline.is_some() || args.write_baseline.is_some();
    // `--quiet` applies to the human format only.
    if args.quiet && !baseline && formats().all(|f| f == Format::Human) {
        Keep::Counts
    } else if !baseline && formats().all(|f| matches!(f, Format::Json | Format::Github | Format::Concise)) {
        Keep::Places
    } else {
        Keep::Text
    }
}

/// A document written to a file given with `--output`.
type FileOutput<'a> = Output<Box<dyn Streaming + 'a>, std::io::BufWriter<AtomicFile>>;

pub fn run(args: CheckArgs) -> CliResult {
    let baseline = match &args.baseline {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| jixiao::suppress::read_baseline(&t))
        {
            Ok(baseline) => Some(baseline),
            Err(err) => {
                return Err(CliError::usage(format!("无法读取基线文件 {}：{err}", path.display())));
            }
        },
        None => None,
    };
    let mut outputs: Vec<&std::path::Path> = args.outputs.iter().map(|o| o.path.as_path()).collect();
    outputs.extend(args.write_baseline.as_deref());
    // SARIF links each rule to its official source; no other format shows the sources.
    let sarif = args.format == Format::Sarif || args.outputs.iter().any(|o| o.format == Format::Sarif);
    let Prepared { rule_set, ignores, config, inputs, limits, importer } =
        prepare(&args.paths, &outputs, &args.input, &args.rules, sarif)?;
    let checker = Checker { rules: rule_set, limits, importer, keep: keep(&args) };
    let metas = rule_set.metas();

    // Each `--output` file is written as the reports come, into a temporary file that takes
    // its name at the end; stdout gets its format the same way.
    let mut files: Vec<(&std::path::Path, FileOutput<'_>)> = Vec::new();
    for output in &args.outputs {
        // Files never get colour codes.
        let renderer = renderer(output.format, &metas, &args, Color::Never);
        let opened = AtomicFile::create(&output.path).and_then(|file| {
            Output::new(renderer, std::io::BufWriter::new(file), &mut TemporaryFile::scratch)
                .map_err(|err| format!("无法写入 {}：{err}", output.path.display()))
        });
        match opened {
            Ok(document) => files.push((&output.path, document)),
            Err(message) => {
                return Err(CliError::usage(message));
            }
        }
    }
    let stdout = Stdout::new();
    let mut terminal = match Output::new(
        renderer(args.format, &metas, &args, args.color),
        stdout,
        &mut TemporaryFile::scratch,
    ) {
        Ok(document) => document,
        Err(err) => {
            return Err(CliError::usage(format!("无法暂存输出：{err}")));
        }
    };

    let suppressions = Suppressions {
        ignores: &ignores,
        config: config.as_ref(),
        baseline: baseline.as_ref(),
        record: args.write_baseline.is_some(),
    };
    // A file that cannot be written is reported once, at the end; the run goes on for the others.
    let mut failed_write: Option<String> = None;
    let streamed = checker.stream(inputs, &suppressions, &mut TemporaryFile::scratch, &mut |report| {
        for (path, document) in &mut files {
            if failed_write.is_none()
                && let Err(err) = document.file(&report)
            {
                failed_write = Some(format!("无法写入 {}：{err}", path.display()));
            }
        }
        // stdout swallows its own errors (a closed pipe is no reason to stop).
        let _ = terminal.file(&report);
    });
    let mut outcome = match streamed {
        Ok(outcome) => outcome,
        Err(err) => {
            return Err(CliError::usage(err.to_string()));
        }
    };

    // Written in the order they always were: baseline, `--output` files, stdout. A file that
    // cannot be written stops the others from being put in place, as before; stdout, already
    // under way, is completed.
    let mut result = failed_write.map_or(Ok(()), Err);
    if let (Ok(()), Some(path), Some(recorder)) = (&result, &args.write_baseline, outcome.recorder.take()) {
        result = AtomicFile::create(path).and_then(|mut file| {
            recorder
                .write(&mut file)
                .map_err(|err| format!("无法写入 {}：{err}", path.display()))
                .and_then(|()| file.commit())
        });
    }
    for (path, document) in files {
        if result.is_ok() {
            result = document
                .finish()
                .map_err(|err| format!("无法写入 {}：{err}", path.display()))
                .and_then(|(_, writer)| commit_buffered(writer));
        }
    }
    let _ = terminal.finish();
    if let Err(message) = result {
        return Err(CliError::usage(message));
    }

    if let Some(code) = failure_exit(&outcome) {
        return Ok(code);
    }
    let failed = fail_on(args.fail_on).is_some_and(|t| outcome.worst.is_some_and(|worst| worst >= t));
    Ok(if failed { EXIT_FINDINGS } else { 0 })
}
