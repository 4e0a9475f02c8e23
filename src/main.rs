//! The `tactful` command line: inputs, output formats and exit codes around the engine.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
