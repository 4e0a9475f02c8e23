//! The `tactful` command line: inputs, output formats and exit codes around the engine.

mod cli;

fn main() {
    keep_freed_memory();
    std::process::exit(cli::main());
}

/// A long text is checked in sections of about 1 MiB, each with buffers about its size. glibc
/// hands blocks that large back to the system as soon as they are freed, and the kernel then
/// zeroes fresh pages for the next section's: a tenth of the time a 35 MB text takes. Blocks
/// up to 4 MiB now come from the heap, which keeps up to 32 MiB of freed memory for reuse;
/// larger ones (a whole long text) are still mapped on their own. Peak memory grows by a few
/// per cent at most (50.5 MB instead of 49.9 MB for a 35 MB text).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    // SAFETY: `mallopt` only sets two of the allocator's parameters, before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}
