//! Echo off on the terminal that is stdin while a secret is typed, and back on when dropped.
//!
//! Only echo changes: line editing works as usual, and Ctrl-C still reaches the login as a signal.

pub(crate) use platform::{ENTER_ECHOED, EchoOff};

#[cfg(unix)]
mod platform {
    use std::io;

    use rustix::termios::{LocalModes, OptionalActions, Termios, tcgetattr, tcsetattr};

    /// With echo off the terminal still shows the Enter as a new line (ECHONL).
    pub(crate) const ENTER_ECHOED: bool = true;

    /// The terminal settings as they were before, put back when dropped.
    pub(crate) struct EchoOff {
        saved: Termios,
    }

    impl EchoOff {
        pub(crate) fn new() -> io::Result<EchoOff> {
            let stdin = io::stdin();
            let saved = tcgetattr(&stdin)?;
            let mut quiet = saved.clone();
            quiet.local_modes.remove(LocalModes::ECHO);
            quiet.local_modes.insert(LocalModes::ECHONL);
            tcsetattr(&stdin, OptionalActions::Now, &quiet)?;
            Ok(EchoOff { saved })
        }
    }

    impl Drop for EchoOff {
        fn drop(&mut self) {
            let _ = tcsetattr(io::stdin(), OptionalActions::Now, &self.saved);
        }
    }
}

#[cfg(windows)]
mod platform {
    use std::io;
    use std::os::windows::io::AsRawHandle;

    use windows_sys::Win32::System::Console::{
        CONSOLE_MODE, ENABLE_ECHO_INPUT, GetConsoleMode, SetConsoleMode,
    };

    /// The console echoes nothing with echo off, the Enter included.
    pub const ENTER_ECHOED: bool = false;

    /// The console input mode as it was before, put back when dropped.
    pub struct EchoOff {
        saved: CONSOLE_MODE,
    }

    impl EchoOff {
        pub fn new() -> io::Result<EchoOff> {
            let saved = mode()?;
            set_mode(saved & !ENABLE_ECHO_INPUT)?;
            Ok(EchoOff { saved })
        }
    }

    impl Drop for EchoOff {
        fn drop(&mut self) {
            let _ = set_mode(self.saved);
        }
    }

    // The console API is C: the one place this crate needs `unsafe`.
    #[allow(unsafe_code)]
    fn mode() -> io::Result<CONSOLE_MODE> {
        let mut mode = 0;
        // SAFETY: stdin's handle stays open for the whole program; `mode` is a valid place to write to.
        let ok = unsafe { GetConsoleMode(io::stdin().as_raw_handle(), &mut mode) };
        checked(ok).map(|()| mode)
    }

    #[allow(unsafe_code)]
    fn set_mode(mode: CONSOLE_MODE) -> io::Result<()> {
        // SAFETY: stdin's handle stays open for the whole program.
        checked(unsafe { SetConsoleMode(io::stdin().as_raw_handle(), mode) })
    }

    /// A Windows call's BOOL as a result: the last OS error when it is 0.
    fn checked(ok: i32) -> io::Result<()> {
        if ok == 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }
}
