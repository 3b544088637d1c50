using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using CriEngine.Platform.Native;

namespace CriEngine.Platform.Processes;

/// <summary>
/// A channel to a child beyond stdin/stdout/stderr, the way conmon takes its sync and start pipes:
/// the child inherits one end under its own descriptor number and finds that number in the
/// environment variable <see cref="EnvironmentVariable"/> (<c>_OCI_SYNCPIPE=7</c>).
/// Like CRI-O's, it is a connected pair of unix stream sockets rather than a pipe(2): the child
/// reads and writes it as any descriptor, and the daemon's end does real asynchronous,
/// cancellable I/O. Both ends are close-on-exec until <see cref="ProcessRunner"/> spawns the
/// child that must have its end, under the lock every spawn takes, so no other child gets it.
/// </summary>
public sealed class InheritedPipe : IDisposable
{
    private readonly SafeFileHandle _childEnd;

    private InheritedPipe(string environmentVariable, Socket parentEnd, SafeFileHandle childEnd)
    {
        EnvironmentVariable = environmentVariable;
        _childEnd = childEnd;
        Parent = new NetworkStream(parentEnd, ownsSocket: true);
    }

    public static InheritedPipe Create(string environmentVariable)
    {
        var (parent, child) = SocketPair.Create();
        var childEnd = new SafeFileHandle(child, ownsHandle: true);
        try
        {
            return new InheritedPipe(environmentVariable, new Socket(new SafeSocketHandle(parent, ownsHandle: true)), childEnd);
        }
        catch
        {
            childEnd.Dispose();
            throw;
        }
    }

    /// <summary>The variable that tells the child its descriptor number.</summary>
    public string EnvironmentVariable { get; }

    /// <summary>The daemon's end, open until this pipe is disposed.</summary>
    public Stream Parent { get; }

    /// <summary>The descriptor number the child finds its end under.</summary>
    internal int ChildDescriptor => (int)_childEnd.DangerousGetHandle();

    /// <summary>True once the child's end is closed here: after a spawn, it is the child's alone.</summary>
    internal bool Spent => _childEnd.IsClosed;

    internal void InheritOnNextSpawn() => DescriptorFlags.ClearCloseOnExec(ChildDescriptor);

    /// <summary>Closes the child's end in this process (the child keeps its copy), so its reader sees end of file when the child is gone.</summary>
    internal void CloseChildEnd() => _childEnd.Dispose();

    public void Dispose()
    {
        _childEnd.Dispose();
        Parent.Dispose();
    }
}
