using System.Collections;
using System.Net.Sockets;
using CriEngine.Platform.Native;
using Microsoft.Win32.SafeHandles;

namespace CriEngine.Platform.Processes;

/// <summary>
/// A child whose input and output stream to and from the caller while it runs, on pipes (unix
/// socket pairs, so the daemon's ends do real asynchronous I/O) or on a pseudo-terminal of its
/// own that it has as its controlling terminal: what an interactive exec needs, which
/// <see cref="ProcessRunner"/>'s run-to-the-end children do not give. It is reaped by a thread of
/// its own; disposing it kills it if it still runs, and waits for it.
/// </summary>
public sealed class InteractiveProcess : IAsyncDisposable
{
    private const int KillSignal = 9;

    private readonly Socket? _input;
    private readonly SafeFileHandle? _terminal;

    private InteractiveProcess(int pid, Stream input, Stream output, Stream? error, Socket? inputSocket, SafeFileHandle? terminal)
    {
        Pid = pid;
        Input = input;
        Output = output;
        Error = error;
        _input = inputSocket;
        _terminal = terminal;
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                exited.SetResult(PosixSpawn.Wait(pid));
            }
            catch (IOException e)
            {
                exited.SetException(e);
            }
        }) { IsBackground = true, Name = $"reap {pid}" }.Start();
        Exited = exited.Task;
    }

    public int Pid { get; }

    /// <summary>The child's stdin (with a terminal: what is typed at it).</summary>
    public Stream Input { get; }

    /// <summary>The child's stdout (with a terminal: everything it shows). Ends when the child and its descendants have closed it.</summary>
    public Stream Output { get; }

    /// <summary>The child's stderr; none with a terminal, where it is part of <see cref="Output"/>.</summary>
    public Stream? Error { get; }

    /// <summary>Its exit code, or 128 + the signal that killed it.</summary>
    public Task<int> Exited { get; }

    public static InteractiveProcess Start(string program, IReadOnlyList<string> arguments, bool terminal)
    {
        IReadOnlyList<string> argv = [program, .. arguments];
        var environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(entry => $"{entry.Key}={entry.Value}").ToList();
        return terminal ? StartOnTerminal(program, argv, environment) : StartOnPipes(program, argv, environment);
    }

    /// <summary>Tells the child its input is over (a terminal has no end of input: the caller types what ends it).</summary>
    public void CloseInput()
    {
        try
        {
            _input?.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The child is gone.
        }
    }

    /// <summary>Sets the terminal's size; nothing without a terminal.</summary>
    public void Resize(ushort columns, ushort rows)
    {
        if (_terminal is { IsClosed: false })
            Pseudoterminal.Resize(_terminal, columns, rows);
    }

    public void Kill()
    {
        if (!Exited.IsCompleted)
            PosixSpawn.Signal(Pid, KillSignal);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Exited.ConfigureAwait(false);
        await Input.DisposeAsync().ConfigureAwait(false);
        await Output.DisposeAsync().ConfigureAwait(false);
        if (Error is not null)
            await Error.DisposeAsync().ConfigureAwait(false);
        _terminal?.Dispose();
    }

    private static InteractiveProcess StartOnPipes(string program, IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        var pairs = new List<(int Parent, int Child)>();
        try
        {
            for (var i = 0; i < 3; i++)
                pairs.Add(SocketPair.Create());
            int pid;
            lock (ProcessRunner.SpawnLock)
                pid = PosixSpawn.Spawn(program, argv, environment, null, pairs.Select(pair => pair.Child).ToList());
            foreach (var pair in pairs)
                Close(pair.Child);
            var sockets = pairs.Select(pair => new Socket(new SafeSocketHandle(pair.Parent, ownsHandle: true))).ToList();
            return new InteractiveProcess(pid, new NetworkStream(sockets[0], ownsSocket: true), new NetworkStream(sockets[1], ownsSocket: true),
                new NetworkStream(sockets[2], ownsSocket: true), sockets[0], null);
        }
        catch
        {
            foreach (var (parent, child) in pairs)
            {
                Close(parent);
                Close(child);
            }
            throw;
        }
    }

    private static InteractiveProcess StartOnTerminal(string program, IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        var (master, slave) = Pseudoterminal.Open();
        try
        {
            int pid;
            lock (ProcessRunner.SpawnLock)
                pid = PosixSpawn.Spawn(program, argv, environment, slave, []);
            var stream = new TerminalStream(master);
            return new InteractiveProcess(pid, stream, stream, null, null, master);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    private static void Close(int descriptor) => new SafeFileHandle(descriptor, ownsHandle: true).Dispose();
}
