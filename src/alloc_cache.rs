//! A cache of freed small blocks in front of the wasm build's allocator.
//!
//! One call to `annotate` makes and frees some 200 small blocks a news article (strings,
//! short vectors, their growth), and the general allocator spent about 4.5 % of a pass
//! finding, splitting and merging them. Freed blocks of up to [`LARGEST`] bytes are kept
//! instead on one free list per power-of-two size and handed out again last in, first
//! out: a few instructions each way. Larger or more aligned blocks go to the allocator
//! behind the cache unchanged.
//!
//! Guarantees: every block handed out is at least as large and as aligned as asked for;
//! a list holds at most [`LIST_BYTES`] bytes (the rest goes back to the allocator behind
//! it), so the cache never keeps more than [`CLASSES`] × [`LIST_BYTES`] bytes; and with
//! caching off ([`SizeClassCache::set_caching`]) it keeps none.
//!
//! Kept blocks stay allocated as far as the allocator behind knows, so they can split the
//! free memory it would merge: over a 10 MB text the wasm memory grew to ×11 the input
//! where it needs ×7.9. Long texts therefore run with caching off (`wasm::annotate`);
//! there the time per allocation does not matter.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr;

/// Size classes: 16, 32, ..., 2048 bytes.
pub(crate) const CLASSES: usize = 8;
const SMALLEST_LOG2: u32 = 4;
/// The largest block size the cache keeps.
pub(crate) const LARGEST: usize = 1 << (SMALLEST_LOG2 as usize + CLASSES - 1);
/// Blocks are asked of the allocator behind with this alignment (and served for at most
/// this alignment).
const ALIGN: usize = 16;
/// The most bytes one list keeps.
pub(crate) const LIST_BYTES: usize = 32 * 1024;

/// The free lists: a block on a list holds the address of the next one in its first bytes.
struct Lists {
    heads: [*mut u8; CLASSES],
    counts: [u32; CLASSES],
    /// The most bytes a list keeps: [`LIST_BYTES`], or 0 with caching off.
    limit: usize,
}

/// Allocator `A` with a cache of freed small blocks (see the module docs).
pub(crate) struct SizeClassCache<A> {
    inner: A,
    lists: UnsafeCell<Lists>,
}

// SAFETY: the wasm build without atomics has one thread, so the lists are never touched by
// two threads at once.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<A: Sync> Sync for SizeClassCache<A> {}

impl<A> SizeClassCache<A> {
    /// Puts an empty cache in front of `inner`.
    pub(crate) const fn new(inner: A) -> Self {
        SizeClassCache {
            inner,
            lists: UnsafeCell::new(Lists {
                heads: [ptr::null_mut(); CLASSES],
                counts: [0; CLASSES],
                limit: LIST_BYTES,
            }),
        }
    }
}

/// The class serving `layout`, if the cache serves it.
#[inline(always)]
fn class_of(size: usize, align: usize) -> Option<usize> {
    if size > LARGEST || align > ALIGN {
        return None;
    }
    // The smallest class at least `size` bytes: ceil(log2(size)) - 4, and 0 up to 16.
    let log2 = usize::BITS - (size.max(1) - 1).leading_zeros();
    Some(log2.saturating_sub(SMALLEST_LOG2) as usize)
}

/// The layout blocks of class `class` are asked of the allocator behind with.
#[inline(always)]
fn class_layout(class: usize) -> Layout {
    // A power of two at most LARGEST with alignment 16: always a valid layout.
    Layout::from_size_align(1 << (class + SMALLEST_LOG2 as usize), ALIGN)
        .unwrap_or(Layout::new::<u8>())
}

impl<A> SizeClassCache<A> {
    /// A block from the list of `class`, or null if it is empty.
    #[inline(always)]
    unsafe fn pop(&self, class: usize) -> *mut u8 {
        let lists = &mut *self.lists.get();
        match (lists.heads.get_mut(class), lists.counts.get_mut(class)) {
            (Some(head), Some(count)) if !head.is_null() => {
                let block = *head;
                *head = block.cast::<*mut u8>().read();
                *count -= 1;
                block
            }
            _ => ptr::null_mut(),
        }
    }

    /// Keeps `block` on the list of `class`, unless the list is full (then false).
    #[inline(always)]
    unsafe fn push(&self, class: usize, block: *mut u8) -> bool {
        let lists = &mut *self.lists.get();
        let size = 1usize << (class + SMALLEST_LOG2 as usize);
        match (lists.heads.get_mut(class), lists.counts.get_mut(class)) {
            (Some(head), Some(count)) if (*count as usize + 1) * size <= lists.limit => {
                block.cast::<*mut u8>().write(*head);
                *head = block;
                *count += 1;
                true
            }
            _ => false,
        }
    }
}

impl<A: GlobalAlloc> SizeClassCache<A> {
    /// Turns caching on or off; off, every kept block goes back to the allocator behind.
    pub(crate) fn set_caching(&self, on: bool) {
        // SAFETY: single-threaded (see the `Sync` impl), and no other borrow of the lists
        // is alive: the allocator's methods do not call this.
        let lists = unsafe { &mut *self.lists.get() };
        lists.limit = if on { LIST_BYTES } else { 0 };
        if on {
            return;
        }
        for class in 0..CLASSES {
            loop {
                // SAFETY: every block on a list came from the allocator behind with its
                // class's layout and is no longer in use.
                let block = unsafe { self.pop(class) };
                if block.is_null() {
                    break;
                }
                unsafe { self.inner.dealloc(block, class_layout(class)) };
            }
        }
    }
}

// One call site each for the allocator behind, and each method a function of its own:
// inlined into the allocation shims, they made the gzipped wasm 490 B larger for no
// measurable speed.
unsafe impl<A: GlobalAlloc> GlobalAlloc for SizeClassCache<A> {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let layout = match class_of(layout.size(), layout.align()) {
            Some(class) => {
                let block = self.pop(class);
                if !block.is_null() {
                    return block;
                }
                class_layout(class)
            }
            None => layout,
        };
        self.inner.alloc(layout)
    }

    #[inline(never)]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let layout = match class_of(layout.size(), layout.align()) {
            Some(class) => {
                if self.push(class, block) {
                    return;
                }
                class_layout(class)
            }
            None => layout,
        };
        self.inner.dealloc(block, layout)
    }

    #[inline(never)]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = class_of(layout.size(), layout.align());
        let new = class_of(new_size, layout.align());
        match (old, new) {
            // The block already has room (its class's size).
            (Some(a), Some(b)) if a == b => block,
            // Neither is cached: the allocator behind may grow it in place.
            (None, None) => self.inner.realloc(block, layout, new_size),
            _ => {
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let moved = self.alloc(new_layout);
                if !moved.is_null() {
                    ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                    self.dealloc(block, layout);
                }
                moved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;

    #[test]
    fn classes_cover_their_sizes() {
        assert_eq!(class_of(1, 1), Some(0));
        assert_eq!(class_of(16, 8), Some(0));
        assert_eq!(class_of(17, 8), Some(1));
        assert_eq!(class_of(32, 16), Some(1));
        assert_eq!(class_of(LARGEST, 4), Some(CLASSES - 1));
        assert_eq!(class_of(LARGEST + 1, 4), None);
        assert_eq!(class_of(64, 32), None);
        for size in 1..=LARGEST {
            let class = class_of(size, 1).unwrap();
            let layout = class_layout(class);
            assert!(layout.size() >= size, "{size}");
            assert!(
                class == 0 || class_layout(class - 1).size() < size,
                "{size}"
            );
        }
    }

    /// A small deterministic generator (no dependency for one test).
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// Random allocations, growths, shrinks and frees: every live block keeps its own bytes
    /// (no two overlap, a move keeps the contents) and is aligned as asked.
    #[test]
    fn live_blocks_keep_their_bytes() {
        let cache = SizeClassCache::new(System);
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for step in 0..200_000u32 {
            // Caching goes off and on again now and then, as for long texts.
            if step % 10_000 == 0 {
                let on = step % 20_000 == 0;
                cache.set_caching(on);
                if !on {
                    let lists = unsafe { &*cache.lists.get() };
                    assert!(lists.counts.iter().all(|&c| c == 0));
                    assert!(lists.heads.iter().all(|h| h.is_null()));
                }
            }
            let r = next(&mut state);
            let fill = (step % 251) as u8;
            match r % 4 {
                0 | 1 if live.len() < 3_000 => {
                    let size = match (r >> 8) % 10 {
                        0 => 1 + (r >> 16) as usize % (4 * LARGEST),
                        _ => 1 + (r >> 16) as usize % 300,
                    };
                    let align = 1 << ((r >> 40) % 6);
                    let layout = Layout::from_size_align(size, align).unwrap();
                    let block = unsafe { cache.alloc(layout) };
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0);
                    unsafe { block.write_bytes(fill, size) };
                    live.push((block, layout, fill));
                }
                2 if !live.is_empty() => {
                    let k = (r >> 8) as usize % live.len();
                    let (block, layout, fill) = live[k];
                    let new_size = 1 + (r >> 20) as usize % (2 * LARGEST);
                    let moved = unsafe { cache.realloc(block, layout, new_size) };
                    assert!(!moved.is_null());
                    let kept = layout.size().min(new_size);
                    let bytes = unsafe { std::slice::from_raw_parts(moved, kept) };
                    assert!(bytes.iter().all(|&b| b == fill), "step {step}");
                    unsafe { moved.write_bytes(fill, new_size) };
                    live[k] = (
                        moved,
                        Layout::from_size_align(new_size, layout.align()).unwrap(),
                        fill,
                    );
                }
                _ if !live.is_empty() => {
                    let k = (r >> 8) as usize % live.len();
                    let (block, layout, fill) = live.swap_remove(k);
                    let bytes = unsafe { std::slice::from_raw_parts(block, layout.size()) };
                    assert!(bytes.iter().all(|&b| b == fill), "step {step}");
                    unsafe { cache.dealloc(block, layout) };
                }
                _ => {}
            }
        }
        for (block, layout, fill) in live {
            let bytes = unsafe { std::slice::from_raw_parts(block, layout.size()) };
            assert!(bytes.iter().all(|&b| b == fill));
            unsafe { cache.dealloc(block, layout) };
        }
        // The lists keep no more than their bound.
        let lists = unsafe { &*cache.lists.get() };
        for (class, &count) in lists.counts.iter().enumerate() {
            assert!(count as usize * class_layout(class).size() <= LIST_BYTES);
        }
    }
}
