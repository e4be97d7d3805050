/*
 * Test scaffolding only, never shipped: Go 1.22+ programs on Windows get
 * their random numbers from ProcessPrng in bcryptprimitives.dll, which
 * Windows 10+ and Wine 9+ have and Debian 12's Wine 8 lacks. This stand-in
 * DLL answers ProcessPrng with RtlGenRandom (advapi32's SystemFunction036),
 * which Wine 8 does have. scripts/windows/wine.sh builds it with mingw and
 * puts it in the throwaway Wine prefix the tests use.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
