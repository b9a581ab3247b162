//! `stunroom-bench`: the SFU benchmarks (`cargo xtask bench`). Each starts
//! fresh servers (one mediasoup worker pinned to a core of its own), drives
//! them with the load generator pinned to the other core, and prints a table
//! with a ratio against its anchor. `--save DIR` also writes the figures as
//! JSON and Markdown and the fan-out plot as SVG.

mod control;
mod fanout;
mod memory;
mod pin;
mod plot;
mod scenarios;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

/// The benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Bench {
    /// 1 publisher to 25..400 subscribers: consumers per core.
    Fanout,
    /// Rooms of 4, 8, 16 all-to-all.
    Meeting,
    /// 100 peers joining one room within 1 s.
    JoinStorm,
    /// protoo requests per second through the SFU thread.
    Control,
    /// Server RSS per idle joined peer and per consumer.
    Memory,
    /// CPU of the Rust layer (not the worker) per forwarded packet.
    RustCost,
    /// All of the above.
    All,
}

#[derive(Debug, Parser)]
#[command(name = "stunroom-bench", version)]
struct Args {
    /// Which benchmark.
    #[arg(value_enum, default_value = "all")]
    bench: Bench,
    /// Runs per point; tables quote medians (runs are interleaved across points).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Seconds measured per run.
    #[arg(long, default_value_t = 15)]
    seconds: u32,
    /// Fan-out subscriber counts.
    #[arg(long, value_delimiter = ',', default_value = "25,50,100,200,400")]
    subscribers: Vec<u32>,
    /// Write JSON, Markdown and the SVG plot into this directory.
    #[arg(long)]
    save: Option<PathBuf>,
    /// The server binary [default: $STUNROOM_BIN, else target/release/stunroom].
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Where the encoded clips are cached.
    #[arg(long, default_value = "target/stunroom-load/media")]
    media_dir: PathBuf,
}

/// What every benchmark needs.
pub struct Env {
    /// The server binary.
    pub server_bin: PathBuf,
    /// Cores for the worker and for the rest (`None`: one core, no pinning).
    pub cores: Option<pin::Cores>,
    /// Runs per point.
    pub repeat: usize,
    /// Seconds per run.
    pub seconds: u32,
    /// Media cache.
    pub media_dir: PathBuf,
    /// Markdown of every table printed, for `--save`.
    pub markdown: std::cell::RefCell<String>,
}

impl Env {
    /// Prints a table and keeps it for the Markdown file.
    pub fn table(&self, title: &str, header: &[&str], rows: &[Vec<String>], notes: &[String]) {
        println!("\n{title}");
        let widths: Vec<usize> = (0..header.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r.get(i).map_or(0, String::len))
                    .chain([header[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:>w$}"))
                .collect::<Vec<_>>()
                .join("  ")
        };
        println!("  {}", line(header.to_vec()));
        for r in rows {
            println!("  {}", line(r.iter().map(String::as_str).collect()));
        }
        for n in notes {
            println!("  {n}");
        }
        let mut md = self.markdown.borrow_mut();
        md.push_str(&format!(
            "\n**{title}**\n\n| {} |\n|{}\n",
            header.join(" | "),
            "---|".repeat(header.len())
        ));
        for r in rows {
            md.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        for n in notes {
            md.push_str(&format!("\n{n}\n"));
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    // Counted before pinning: afterwards this process sees one core.
    let machine_cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cores = pin::cores();
    match cores {
        Some(c) => {
            // Before any thread exists, so the runtime's threads inherit it.
            if let Err(e) = pin::pin_self(c.rest) {
                eprintln!("stunroom-bench: {e}");
                return ExitCode::FAILURE;
            }
        }
        None => eprintln!("stunroom-bench: one core only: nothing is pinned, figures mix worker and load generator"),
    }
    let env = Env {
        server_bin: args
            .server_bin
            .clone()
            .unwrap_or_else(stunroom_load::spawn::default_server_binary),
        cores,
        repeat: args.repeat.max(1),
        seconds: args.seconds.clamp(3, 120),
        media_dir: args.media_dir.clone(),
        markdown: Default::default(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("stunroom-bench: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "stunroom-bench on {} ({} cores); mediasoup worker pinned to core {}, everything else to core {}; {} run(s) per point, {} s each",
        machine(),
        machine_cores,
        cores.map_or("-".into(), |c| c.worker.to_string()),
        cores.map_or("-".into(), |c| c.rest.to_string()),
        env.repeat,
        env.seconds
    );
    let mut results = serde_json::Map::new();
    let run = |b: Bench| args.bench == b || args.bench == Bench::All;
    let outcome: Result<(), String> = runtime.block_on(async {
        if run(Bench::Fanout) {
            let points = fanout::run(&env, &args.subscribers).await?;
            if let Some(dir) = &args.save {
                plot::fanout_svg(&points, &dir.join("fanout.svg"))?;
            }
            results.insert(
                "fanout".into(),
                serde_json::to_value(&points).unwrap_or_default(),
            );
        }
        if run(Bench::Meeting) {
            results.insert("meeting".into(), scenarios::meeting(&env).await?);
        }
        if run(Bench::JoinStorm) {
            results.insert("join_storm".into(), scenarios::join_storm(&env).await?);
        }
        if run(Bench::Control) {
            results.insert("control".into(), control::run(&env).await?);
        }
        if run(Bench::Memory) {
            results.insert("memory".into(), memory::run(&env).await?);
        }
        if run(Bench::RustCost) {
            results.insert("rust_cost".into(), scenarios::rust_cost(&env).await?);
        }
        Ok(())
    });
    if let Err(e) = outcome {
        eprintln!("stunroom-bench: {e}");
        return ExitCode::FAILURE;
    }
    if let Some(dir) = &args.save {
        let header = format!(
            "Measured {} on {} ({} cores) by `cargo xtask bench`, {} run(s) per point (medians), {} s windows.\n",
            date(),
            machine(),
            machine_cores,
            env.repeat,
            env.seconds
        );
        let md = format!("{header}{}", env.markdown.borrow());
        let json = serde_json::Value::Object(results);
        let written = std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(dir.join("results.md"), md))
            .and_then(|_| std::fs::write(dir.join("results.json"), format!("{json:#}\n")));
        if let Err(e) = written {
            eprintln!("stunroom-bench: cannot write {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        println!("\nwrote {}", dir.display());
    }
    ExitCode::SUCCESS
}

/// The CPU model, from /proc/cpuinfo.
fn machine() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "an unknown CPU".into())
}

fn date() -> String {
    std::process::Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}
