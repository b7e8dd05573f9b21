//! Allocator tuning: how soon freed memory goes back to the system.

/// mimalloc's `purge_delay` option, by its position in mimalloc's list of options (the crate
/// gives numbers only to its stable options; the test below checks that this one is it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory stays with the process before it goes back to the system, in
/// milliseconds. A batch of reports is freed while the next is being checked, often by another
/// thread than the one that made it.
/// - mimalloc's default, a second, let a long run keep a little more of that memory each time:
///   its peak memory grew with the number of reports (by a fifth at 100 000).
/// - At once (0), the memory of each report's text and findings went back to the system as soon
///   as it was written out, and the next report took it again, page by page: a run of 10 000
///   reports with `--format json` made 24 000 page faults, and spent a tenth of its time in the
///   system.
/// - Fifty milliseconds is a few batches: what one batch frees, the next one takes, while peak
///   memory stays the same at 10 000 and 100 000 reports (26.5 MB).
const PURGE_DELAY_MS: std::os::raw::c_long = 50;

/// Memory freed while checking goes back to the system soon rather than a second later (see
/// [`PURGE_DELAY_MS`]).
pub fn return_freed_memory_promptly() {
    // SAFETY: sets an option that mimalloc reads when it frees memory; called first thing in
    // `main`, before any other thread exists (the setter is not thread-safe).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
}

/// Listing a large directory leaves freed memory behind on this thread, which the allocator
/// would keep for a while as the checking threads take memory of their own. Handed back once
/// the list is made, so that a run's peak memory is that of checking, whatever the number of
/// files listed. Not for a few files: checking them takes that memory again at once, and each
/// page handed back would be faulted in again (a one-report run took 20 to 50 more page faults
/// and up to a millisecond longer).
pub fn release_freed_memory() {
    // SAFETY: `mi_collect` has no preconditions; it only releases memory no longer in use.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Memory in 4 KB pages from now on. The allocator asks for transparent huge pages, which a
/// short run wants: a one-report check touches about 2 MB of memory, and taking it 2 MB at a
/// time costs a few page faults instead of about 500 (one report: 718 → 210 page faults, 0.8
/// to 1 ms less). A long run wants small pages: memory freed by one batch goes back
/// to the system 4 KB at a time while the next batch is checked, and with huge pages the peak
/// memory of 10 000 reports grew from 25 to 39 MB. Only Linux has the switch; huge pages already
/// faulted in stay.
pub fn small_pages_from_now() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` takes no pointer; it sets a flag of the process that the
    // kernel reads at each page fault. It fails only on kernels without it, which leaves huge
    // pages on: slower to free, not wrong.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// When the process ends, mimalloc frees what it still holds and hands every freed 64 KB back
/// to the system, a call each (about 40 after checking one report), although the memory of
/// the whole process goes back when it exits. A negative delay tells it never to purge.
pub fn keep_memory_at_exit() {
    // SAFETY: sets an option that mimalloc reads when it frees memory; called once the command
    // has done its work, when no other thread allocates any more (the checking threads are
    // idle and the writing thread has been joined).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    /// The option number names `purge_delay`: it starts at that option's default (1000 ms; no
    /// other option has it) and takes the value set.
    #[test]
    fn the_purge_option_is_the_purge_delay() {
        // SAFETY: reads and sets an option; no other test of this binary touches allocator options.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(before, 1000, "mimalloc's default purge delay");
        super::return_freed_memory_promptly();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, super::PURGE_DELAY_MS);
    }

    /// After the switch the kernel gives this process no more huge pages.
    #[cfg(target_os = "linux")]
    #[test]
    fn small_pages_switch_off_huge_pages() {
        super::small_pages_from_now();
        // SAFETY: reads a flag of the process; no pointer is passed.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }
}
