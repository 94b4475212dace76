/* Test infrastructure for running ramkoll.exe under Wine; never shipped.
 *
 * Rust's standard library (1.78+) fills its random seeds with ProcessPrng
 * from bcryptprimitives.dll at start. Wine 8 (Debian 12) has no such export,
 * so the .exe dies before main. Placed beside the .exe this DLL wins over
 * Wine's builtin one and forwards to RtlGenRandom (advapi32's
 * SystemFunction036), which Wine does have. Windows 10+ has the real one.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll \
 *        bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes a ULONG; feed larger requests in pieces. */
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
