using System.Text;
using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// Writes a small file whole, as GLib's g_file_set_contents: into <c>PATH.XXXXXX</c> beside it,
/// then renamed over it, so a reader sees no file or all of it (the engine's exit watcher skips
/// names with a dot for that reason). As GLib, it syncs the data before the rename only when it
/// replaces a file: a new file (the monitor's PID file, which its caller waits for) costs no fsync.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, string content)
    {
        var temporary = $"{path}.{Random.Shared.Next(0, int.MaxValue):x6}";
        var replacing = Libc.Access(path, 0) == 0;
        var fd = Libc.Open(temporary, Constants.WriteOnly | Constants.Create | Constants.Truncate | Constants.CloseOnExec, 0b110_100_100);
        if (fd < 0)
            throw new IOException($"{temporary}: {Errors.Describe(Libc.Errno)}");
        try
        {
            if (!Descriptors.WriteAll(fd, Encoding.UTF8.GetBytes(content)) || (replacing && Libc.Fsync(fd) != 0))
                throw new IOException($"{temporary}: {Errors.Describe(Libc.Errno)}");
        }
        finally
        {
            Libc.Close(fd);
        }
        if (Libc.Rename(temporary, path) != 0)
        {
            var errno = Libc.Errno;
            Libc.Unlink(temporary);
            throw new IOException($"{path}: {Errors.Describe(errno)}");
        }
    }
}
