/* ProcessPrng for wine 8, whose bcryptprimitives.dll lacks it.
 *
 * Rust's standard library takes its random numbers (HashMap keys) from ProcessPrng in
 * bcryptprimitives.dll, so under Debian's wine 8 every Rust .exe dies at start. This DLL exports it,
 * backed by RtlGenRandom (SystemFunction036 in advapi32), which wine has. .ci/wine/setup builds it with
 * mingw and puts it in the wine prefix's system32; it is for running the tests, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
