using System.Runtime.InteropServices;

namespace CriEngine.Platform.Native;

/// <summary>
/// posix_spawn(3): a child whose standard descriptors are ones of the caller's choosing, or a
/// terminal it opens as its controlling terminal in a session of its own. .NET's Process can do
/// neither. glibc spawns with vfork semantics, which is safe in a multi-threaded process.
/// </summary>
internal static unsafe partial class PosixSpawn
{
    // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336; sigset_t 128.
    private const int FileActionsSize = 256;
    private const int AttributesSize = 512;
    private const int SignalSetSize = 128;

    private const short SetSignalDefaults = 0x04;
    private const short SetSignalMask = 0x08;
    private const short SetSession = 0x80;
    private const int ReadWrite = 2;

    /// <summary>
    /// Starts <paramref name="program"/>. With <paramref name="terminal"/> (a pty slave's path), the
    /// child makes a new session and opens it as descriptors 0, 1, 2 and its controlling terminal;
    /// otherwise descriptors 0, 1, 2 are copies of <paramref name="stdio"/>. Every signal starts with
    /// its default action and unblocked (.NET ignores SIGPIPE, which a child would otherwise inherit).
    /// </summary>
    public static int Spawn(string program, IReadOnlyList<string> argv, IReadOnlyList<string> environment, string? terminal, IReadOnlyList<int> stdio)
    {
        var actions = NativeMemory.AllocZeroed(FileActionsSize);
        var attributes = NativeMemory.AllocZeroed(AttributesSize);
        var signals = NativeMemory.AllocZeroed(SignalSetSize);
        var arguments = Strings(argv);
        var variables = Strings(environment);
        var path = Marshal.StringToCoTaskMemUTF8(program);
        var terminalPath = terminal is null ? 0 : Marshal.StringToCoTaskMemUTF8(terminal);
        try
        {
            Check(FileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(AttributesInit(attributes), "posix_spawnattr_init");
            try
            {
                if (terminal is not null)
                {
                    Check(AddOpen(actions, 0, (byte*)terminalPath, ReadWrite, 0), "posix_spawn_file_actions_addopen");
                    Check(AddDup2(actions, 0, 1), "posix_spawn_file_actions_adddup2");
                    Check(AddDup2(actions, 0, 2), "posix_spawn_file_actions_adddup2");
                }
                else
                {
                    for (var target = 0; target < 3; target++)
                        Check(AddDup2(actions, stdio[target], target), "posix_spawn_file_actions_adddup2");
                }
                SignalEmptySet(signals);
                Check(SetSignalMaskNative(attributes, signals), "posix_spawnattr_setsigmask");
                SignalFillSet(signals);
                Check(SetSignalDefaultNative(attributes, signals), "posix_spawnattr_setsigdefault");
                Check(SetFlags(attributes, (short)(SetSignalDefaults | SetSignalMask | (terminal is null ? 0 : SetSession))), "posix_spawnattr_setflags");

                int pid;
                var error = Spawn(&pid, (byte*)path, actions, attributes, (byte**)arguments, (byte**)variables);
                if (error != 0)
                    throw new IOException($"cannot start {program}: {Marshal.GetPInvokeErrorMessage(error)}");
                return pid;
            }
            finally
            {
                FileActionsDestroy(actions);
                AttributesDestroy(attributes);
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
            if (terminalPath != 0)
                Marshal.FreeCoTaskMem(terminalPath);
            Free(arguments, argv.Count);
            Free(variables, environment.Count);
            NativeMemory.Free(signals);
            NativeMemory.Free(attributes);
            NativeMemory.Free(actions);
        }
    }

    /// <summary>Waits for child <paramref name="pid"/> to end, blocking the calling thread; its exit code, or 128 + the signal that killed it.</summary>
    public static int Wait(int pid)
    {
        int status;
        while (WaitPid(pid, &status, 0) < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != 4) // EINTR
                throw new IOException($"waitpid {pid}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }

    /// <summary>kill(2); false when the process is gone already.</summary>
    public static bool Signal(int pid, int signal) => KillNative(pid, signal) == 0;

    private static void Check(int error, string call)
    {
        if (error != 0)
            throw new IOException($"{call}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    private static nint* Strings(IReadOnlyList<string> values)
    {
        var array = (nint*)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(nint));
        for (var i = 0; i < values.Count; i++)
            array[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        return array;
    }

    private static void Free(nint* array, int count)
    {
        for (var i = 0; i < count; i++)
            Marshal.FreeCoTaskMem(array[i]);
        NativeMemory.Free(array);
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static partial int Spawn(int* pid, byte* path, void* actions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static partial int AddOpen(void* actions, int descriptor, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int AddDup2(void* actions, int descriptor, int target);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int SetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int SetSignalMaskNative(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int SetSignalDefaultNative(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SignalEmptySet(void* signals);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    private static partial int SignalFillSet(void* signals);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, int* status, int options);
}
