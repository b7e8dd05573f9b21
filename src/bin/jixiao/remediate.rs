//! `jixiao remediate`: turn findings into a remediation list (整改清单) in Markdown, CSV or Excel.

use crate::args::{RemediateArgs, RemediationFormat};
use crate::error::{CliError, CliResult, EXIT_INTERNAL};
use crate::output::{AtomicFile, Stdout, commit_buffered, write_file};
use crate::prepare::{Prepared, failure_exit, prepare};
use jixiao::check::{Checker, Keep};
use jixiao::render::remediation::{self, Form};
use jixiao::render::stream::Output;
use jixiao::run::{Suppressions, TemporaryFile};
use std::io::Write;

pub fn run(args: RemediateArgs) -> CliResult {
    if args.format == RemediationFormat::Xlsx && args.output.is_none() {
        return Err(CliError::usage(
            "Excel 格式需要用 -o 指定输出文件，例如：jixiao remediate reports/ --format xlsx -o 整改清单.xlsx",
        ));
    }
    let outputs: Vec<&std::path::Path> = args.output.as_deref().into_iter().collect();
    let Prepared { rule_set, ignores, config, inputs, limits, importer } =
        prepare(&args.paths, &outputs, &args.input, &args.rules, false)?;
    let checker = Checker { rules: rule_set, limits, importer, keep: Keep::Text };
    let suppressions = Suppressions { ignores: &ignores, config: config.as_ref(), ..Suppressions::default() };
    let form = match args.format {
        RemediationFormat::Md => Form::Markdown,
        RemediationFormat::Csv => Form::Csv,
        // The workbook is built from the rows at the end.
        RemediationFormat::Xlsx => Form::Rows,
    };
    // The list is grouped by department, so it is written only at the end; in the meantime
    // each report's rows wait in scratch storage. A workbook is built from the rows.
    let destination = match (&args.output, form) {
        (_, Form::Rows) => Destination::Memory(Vec::new()),
        (Some(path), _) => match AtomicFile::create(path) {
            Ok(file) => Destination::File(std::io::BufWriter::new(file)),
            Err(message) => {
                return Err(CliError::usage(message));
            }
        },
        (None, _) => Destination::Stdout(Stdout::new()),
    };
    let mut document =
        match Output::new(remediation::Stream::new(form), destination, &mut TemporaryFile::scratch) {
            Ok(document) => document,
            Err(err) => {
                return Err(CliError::usage(format!("无法暂存输出：{err}")));
            }
        };
    let mut failed_write = None;
    let streamed = checker.stream(inputs, &suppressions, &mut TemporaryFile::scratch, &mut |report| {
        if failed_write.is_none()
            && let Err(err) = document.file(&report)
        {
            failed_write = Some(err);
        }
    });
    let written = match (streamed, failed_write) {
        (Ok(outcome), None) => document.finish().map(|done| (outcome, done)),
        (Err(err), _) => {
            return Err(CliError::usage(err.to_string()));
        }
        (Ok(_), Some(err)) => Err(err),
    };
    let (outcome, (stream, destination)) = match written {
        Ok(done) => done,
        Err(err) => {
            return Err(CliError::usage(match &args.output {
                Some(path) => format!("无法写入 {}：{err}", path.display()),
                None => format!("无法暂存输出：{err}"),
            }));
        }
    };
    let written = match destination {
        Destination::File(writer) => commit_buffered(writer),
        Destination::Stdout(_) => Ok(()),
        Destination::Memory(_) => match remediation::workbook(&stream.into_rows()) {
            Ok(bytes) => match &args.output {
                Some(path) => write_file(path, &bytes),
                None => Ok(()),
            },
            Err(err) => {
                return Err(CliError::new(EXIT_INTERNAL, format!("无法生成 Excel 文件：{err}")));
            }
        },
    };
    if let Err(message) = written {
        return Err(CliError::usage(message));
    }
    Ok(failure_exit(&outcome).unwrap_or(0))
}

/// Where a remediation list goes.
enum Destination {
    File(std::io::BufWriter<AtomicFile>),
    Stdout(Stdout),
    /// Nothing is written as text: a workbook is made of the rows.
    Memory(Vec<u8>),
}

impl Write for Destination {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self {
            Destination::File(file) => file.write(bytes),
            Destination::Stdout(out) => out.write(bytes),
            Destination::Memory(memory) => memory.write(bytes),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Destination::File(file) => file.flush(),
            Destination::Stdout(out) => out.flush(),
            Destination::Memory(memory) => memory.flush(),
        }
    }
}
