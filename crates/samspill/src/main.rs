//! The `samspill` command: serve, demo, seed, bench, import-org and admin.
//! Thin: it parses arguments, loads configuration and calls the web,
//! services and demo crates.

mod bench;

/// mimalloc rather than the system allocator: the server allocates per row and
/// per request on many threads, where it is faster and holds less memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{BufRead, IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use samspill_demo::demo;
use samspill_services::auth::admin;
use samspill_services::org::import::{self, ImportError, Progress};
use samspill_web::config::{Config, Sources};
use samspill_web::startup;

#[derive(Debug, Parser)]
#[command(
    name = "samspill",
    version,
    about = "Samspill: the social platform for social leadership"
)]
struct Cli {
    /// Configuration file (default: ./samspill.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Port to listen on (default 8080, or server.port).
    #[arg(long)]
    port: Option<u16>,
    /// Address to bind (default 127.0.0.1, or server.bind).
    #[arg(long)]
    bind: Option<IpAddr>,
}

#[derive(Debug, clap::Args)]
struct SeedArgs {
    /// People in the organization (at least 10).
    #[arg(long)]
    people: usize,
    /// Posts, spread over the last 365 days.
    #[arg(long)]
    posts: usize,
    /// Mean comments per post (default 1.5).
    #[arg(long)]
    comments_per_post: Option<f64>,
    /// Mean reactions per post (default 2).
    #[arg(long)]
    reactions_per_post: Option<f64>,
    /// Mean follows per person (default 10).
    #[arg(long)]
    follows_per_person: Option<f64>,
    /// Communities (default: one per 100 people, at least 3).
    #[arg(long)]
    communities: Option<usize>,
    /// Random seed: the same seed makes the same organization.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Wipe the database first.
    #[arg(long)]
    fresh: bool,
    /// A closed organization: unit spaces read by their unit only, no open
    /// communities, 1% of posts in the org space, so a person reads one to
    /// a few percent of the posts.
    #[arg(long)]
    closed: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve Samspill.
    Serve(ServeArgs),
    /// Build the demo organization if the database is empty, then serve.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Wipe the database and build the demo organization anew.
        #[arg(long)]
        fresh: bool,
    },
    /// Import an org chart: email,name,handle,unit_path,title,work_mode,leader_of.
    ImportOrg {
        /// The CSV file.
        file: PathBuf,
        /// Only show what would change.
        #[arg(long)]
        dry_run: bool,
    },
    /// Load a running server over loopback and print throughput and latency.
    Bench(bench::BenchArgs),
    /// Generate a large synthetic organization for benchmarks.
    Seed(SeedArgs),
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an account; the password is read from standard input or a prompt.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Defaults to the e-mail's local part.
        #[arg(long)]
        handle: Option<String>,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
    },
    /// Set a new password (read from standard input or a prompt); ends the
    /// person's sessions and revokes their API tokens.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
    /// Revoke every personal API token of a person.
    RevokeTokens {
        #[arg(long)]
        email: String,
    },
    /// Deactivate an account: no sign-in, out of the directory; its sessions
    /// and API tokens end at once.
    Deactivate {
        #[arg(long)]
        email: String,
    },
    /// Reactivate a deactivated account (old sessions and tokens stay ended).
    Reactivate {
        #[arg(long)]
        email: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(&Sources {
        file: cli.config.clone(),
    }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(config: &Config) {
    let mut filter = tracing_subscriber::EnvFilter::try_new(&config.log.filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    for d in samspill_web::config::FORCED_LOG_DIRECTIVES {
        if let Ok(d) = d.parse() {
            filter = filter.add_directive(d);
        }
    }
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log.format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run(command: Command, mut config: Config) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => {
            args.apply(&mut config);
            serve(config).await
        }
        Command::Demo { serve: args, fresh } => {
            args.apply(&mut config);
            let state = startup::open(config.clone(), startup::system_clock()).await?;
            let bar = progress_bar();
            let built = demo::ensure_demo(&state.ctx, fresh, &mut |p| show(&bar, p)).await?;
            bar.finish_and_clear();
            let listener = startup::bind(&config).await?;
            let addr = listener.local_addr()?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "Samspill demo organization {}.",
                if built {
                    "built"
                } else {
                    "reused (use --fresh to rebuild)"
                }
            )?;
            writeln!(
                out,
                "Open http://{addr}/ and sign in with password {:?} as:",
                demo::DEMO_PASSWORD
            )?;
            writeln!(out, "  admin     {}", demo::DEMO_ADMIN)?;
            writeln!(out, "  leader    {}", demo::DEMO_LEADER)?;
            writeln!(out, "  employee  {}", demo::DEMO_EMPLOYEE)?;
            writeln!(out, "Press Ctrl-C to stop.")?;
            drop(out);
            startup::serve(listener, state).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportOrg { file, dry_run } => import(config, &file, dry_run).await,
        Command::Seed(args) => seed_organization(config, &args).await,
        Command::Admin { command } => admin_command(config, command).await,
        Command::Bench(args) => {
            bench::run(&config, &args).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

impl ServeArgs {
    fn apply(&self, config: &mut Config) {
        if let Some(port) = self.port {
            config.server.port = port;
        }
        if let Some(bind) = self.bind {
            config.server.bind = bind;
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let state = startup::open(config.clone(), startup::system_clock()).await?;
    let listener = startup::bind(&config).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "serving Samspill");
    writeln!(std::io::stdout(), "Samspill is listening on http://{addr}/")?;
    startup::serve(listener, state).await?;
    Ok(ExitCode::SUCCESS)
}

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

fn show(bar: &ProgressBar, p: Progress) {
    bar.set_message(p.stage);
    if p.total > 0 {
        bar.set_length(p.total);
    }
    bar.set_position(p.done);
}

async fn import(config: Config, file: &PathBuf, dry_run: bool) -> anyhow::Result<ExitCode> {
    let input =
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let state = startup::open(config, startup::system_clock()).await?;
    let bar = progress_bar();
    let result = import::run(
        &state.ctx,
        std::io::BufReader::new(input),
        dry_run,
        &mut |p| show(&bar, p),
    )
    .await;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    match result {
        Ok(plan) => {
            for change in &plan.changes {
                writeln!(out, "{change}")?;
            }
            let (units, new, updated, moved, leaders) = plan.counts();
            let verb = if dry_run { "would change" } else { "changed" };
            if plan.changes.is_empty() {
                writeln!(out, "{} rows read; nothing to change.", plan.rows)?;
            } else {
                writeln!(
                    out,
                    "{} rows read; {verb}: {units} units created, {new} people created, {updated} updated, {moved} moved, {leaders} leader changes.",
                    plan.rows
                )?;
            }
            if dry_run {
                writeln!(out, "Dry run: nothing was written.")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Rows(errors)) => {
            let mut err = std::io::stderr().lock();
            for e in &errors {
                writeln!(err, "{}: {e}", file.display())?;
            }
            writeln!(err, "{} problem(s); nothing was applied.", errors.len())?;
            Ok(ExitCode::from(1))
        }
        Err(ImportError::Service(e)) => Err(e.into()),
    }
}

async fn seed_organization(config: Config, args: &SeedArgs) -> anyhow::Result<ExitCode> {
    use samspill_demo::seed::{self, SeedOptions};
    let state = startup::open(config, startup::system_clock()).await?;
    let mut opts = SeedOptions::new(args.people, args.posts);
    opts.comments_per_post = args.comments_per_post.unwrap_or(opts.comments_per_post);
    opts.reactions_per_post = args.reactions_per_post.unwrap_or(opts.reactions_per_post);
    opts.follows_per_person = args.follows_per_person.unwrap_or(opts.follows_per_person);
    opts.communities = args.communities.unwrap_or(opts.communities);
    opts.seed = args.seed;
    opts.fresh = args.fresh;
    opts.closed = args.closed;
    let started = std::time::Instant::now();
    let bar = progress_bar();
    let result = seed::seed(&state.ctx, &opts, &mut |p| show(&bar, p)).await;
    bar.finish_and_clear();
    let s = match result {
        Ok(s) => s,
        Err(e) => return report_invalid(&e).map_or_else(|| Err(e.into()), Ok),
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Seeded {} people in {} units, {} communities ({} memberships), {} posts, {} comments, \
         {} reactions, {} topic tags, {} mentions and {} follows in {:.1} s.",
        s.people,
        s.units,
        s.communities,
        s.space_members,
        s.posts,
        s.comments,
        s.reactions,
        s.topics,
        s.mentions,
        s.follows,
        started.elapsed().as_secs_f64()
    )?;
    writeln!(out, "Everyone's password is {:?}.", seed::SEED_PASSWORD)?;
    writeln!(out, "  admin   {}", s.admin_email)?;
    writeln!(out, "  member  {}", s.member_email)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads one line from standard input, or prompts without echo on a terminal.
fn read_password(prompt: &str) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(prompt)?;
        let again = rpassword::prompt_password("Again: ")?;
        anyhow::ensure!(first == again, "the passwords do not match");
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

fn report_invalid(e: &samspill_services::Error) -> Option<ExitCode> {
    if let samspill_services::Error::Invalid(errors) = e {
        for v in errors {
            eprintln!("error: {}: {}", v.field, v.message);
        }
        return Some(ExitCode::from(1));
    }
    None
}

async fn admin_command(config: Config, command: AdminCommand) -> anyhow::Result<ExitCode> {
    let state = startup::open(config, startup::system_clock()).await?;
    match command {
        AdminCommand::CreateUser {
            email,
            name,
            handle,
            admin: is_admin,
        } => {
            let password = read_password("Password: ")?;
            let user = admin::NewUser {
                email,
                name,
                handle,
                is_admin,
            };
            match admin::create_user(&state.ctx, &user, &password).await {
                Ok(p) => {
                    writeln!(
                        std::io::stdout(),
                        "Created {} (@{}){}.",
                        p.email,
                        p.handle,
                        if p.is_admin { " as administrator" } else { "" }
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => report_invalid(&e).map_or_else(|| Err(e.into()), Ok),
            }
        }
        AdminCommand::ResetPassword { email } => {
            let password = read_password("New password: ")?;
            let result = admin::reset_password(&state.ctx, &email, &password).await;
            account_outcome(&email, result, |o| {
                format!(
                    "Password reset for {}; {} sessions signed out and {} API tokens revoked.",
                    o.person.email, o.sessions_ended, o.tokens_revoked
                )
            })
        }
        AdminCommand::RevokeTokens { email } => {
            let result = admin::revoke_tokens(&state.ctx, &email).await;
            account_outcome(&email, result, |o| {
                format!(
                    "Revoked {} API tokens of {}.",
                    o.tokens_revoked, o.person.email
                )
            })
        }
        AdminCommand::Deactivate { email } => {
            let result = admin::deactivate(&state.ctx, &email).await;
            account_outcome(&email, result, |o| {
                if o.changed {
                    format!(
                        "Deactivated {}; {} sessions signed out and {} API tokens revoked.",
                        o.person.email, o.sessions_ended, o.tokens_revoked
                    )
                } else {
                    format!("{} was already deactivated.", o.person.email)
                }
            })
        }
        AdminCommand::Reactivate { email } => {
            let result = admin::reactivate(&state.ctx, &email).await;
            account_outcome(&email, result, |o| {
                if o.changed {
                    format!("Reactivated {}.", o.person.email)
                } else {
                    format!("{} is already active.", o.person.email)
                }
            })
        }
    }
}

/// Prints what an action on an account did, or why it did not happen.
fn account_outcome(
    email: &str,
    result: samspill_services::Result<admin::AccountOutcome>,
    say: impl FnOnce(&admin::AccountOutcome) -> String,
) -> anyhow::Result<ExitCode> {
    match result {
        Ok(o) => {
            writeln!(std::io::stdout(), "{}", say(&o))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(samspill_services::Error::NotFound) => {
            eprintln!("error: no account with e-mail {email}");
            Ok(ExitCode::from(1))
        }
        Err(e) => report_invalid(&e).map_or_else(|| Err(e.into()), Ok),
    }
}
