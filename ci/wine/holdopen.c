/* Test infrastructure for the Windows check under Wine; never shipped.
 *
 * holdopen.exe FILE SECONDS [SHARE]: opens FILE for reading and writing and
 * keeps it open for SECONDS, printing "locked" once it holds it. SHARE says
 * what others may do meanwhile: "" (nothing), "r" (read: how Excel holds an
 * open workbook) or "rw" (read and write: how SQLite holds a database). Under
 * Wine, as on Windows, another process then cannot rename, delete or (without
 * "r") open the file: what `restore`, backups and imports meet on Windows.
 *
 * Build: x86_64-w64-mingw32-gcc -municode -O2 -o holdopen.exe holdopen.c
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc < 3) {
        fputs("usage: holdopen FILE SECONDS [r|rw]\n", stderr);
        return 2;
    }
    const wchar_t *share = argc > 3 ? argv[3] : L"";
    DWORD mode = 0;
    if (wcschr(share, L'r'))
        mode |= FILE_SHARE_READ;
    if (wcschr(share, L'w'))
        mode |= FILE_SHARE_WRITE;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, mode, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "holdopen: cannot open (error %lu)\n", GetLastError());
        return 1;
    }
    puts("locked");
    fflush(stdout);
    Sleep((DWORD)_wtoi(argv[2]) * 1000);
    CloseHandle(h);
    return 0;
}
