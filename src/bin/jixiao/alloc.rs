//! Allocator tuning: how soon freed memory goes back to the system.

/// mimalloc's `purge_delay` option, by its position in mimalloc's list of options (the crate
/// gives numbers only to its stable options; the test below checks that this one is it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory freed while checking goes back to the system at once rather than a second later. A
/// batch of reports is freed while the next is being checked, often by another thread than the
/// one that made it; with the delay, a long run kept a little more of that memory each time,
/// and its peak memory grew with the number of reports (by a fifth at 100 000).
pub fn return_freed_memory_promptly() {
    // SAFETY: sets an option that mimalloc reads when it frees memory; called first thing in
    // `main`, before any other thread exists (the setter is not thread-safe).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

/// Listing a large directory leaves freed memory behind on this thread, which the allocator
/// would keep for a second or so while the checking threads take memory of their own. Handed
/// back once the list is made, so that a run's peak memory is that of checking, whatever the
/// number of files listed.
pub fn release_freed_memory() {
    // SAFETY: `mi_collect` has no preconditions; it only releases memory no longer in use.
    unsafe { libmimalloc_sys::mi_collect(true) };
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
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, 0);
    }
}
