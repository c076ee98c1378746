//! The async runtime, started on first use: a run that sends nothing (`token` or `exec` with a stored
//! token, `status`, `profiles`) starts no threads, and so starts sooner.

use std::cell::OnceCell;
use std::future::Future;

use tokio::runtime::Runtime;

use crate::exit::Error;

/// A multi-threaded runtime of two workers, built when first asked for.
#[derive(Default)]
pub struct LazyRuntime(OnceCell<Runtime>);

impl LazyRuntime {
    /// The runtime, started now when it was not yet.
    pub fn get(&self) -> Result<&Runtime, Error> {
        if let Some(runtime) = self.0.get() {
            return Ok(runtime);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(Error::Runtime)?;
        Ok(self.0.get_or_init(|| runtime))
    }

    /// Runs `future` to its end on the runtime.
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        Ok(self.get()?.block_on(future))
    }

    /// Leaves without waiting for a task still blocked (a read of stdin at a line-mode prompt after
    /// Ctrl-C); nothing to do when the runtime never started.
    pub fn shutdown_background(self) {
        if let Some(runtime) = self.0.into_inner() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_starts_on_first_use_only() {
        let runtime = LazyRuntime::default();
        assert!(runtime.0.get().is_none(), "nothing started yet");
        assert_eq!(runtime.block_on(async { 7 }).unwrap(), 7);
        assert!(runtime.0.get().is_some());
        runtime.shutdown_background();
    }
}
