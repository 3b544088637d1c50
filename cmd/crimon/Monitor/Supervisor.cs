using System.Globalization;
using System.Text;
using CriEngine.Crimon.Logging;
using CriEngine.Crimon.Native;
using CriEngine.Crimon.Options;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// One monitor's life, in conmon's order: wait for the start pipe, fork away from the caller,
/// run the runtime's create (or exec) with the container's stdio on pipes or a terminal, report
/// the container's PID (or the runtime's error) on the sync pipe, then log its output, serve
/// attach and the control FIFOs, forward signals and watch for OOM kills until it exits; write its
/// exit code to the exit files, run the exit command.
/// </summary>
internal sealed unsafe class Supervisor(MonitorOptions options, LogDrivers drivers, MonitorLog log)
{
    private const int StdioBufferSize = 8192;
    private const int StderrMessageSize = 8191;
    private const string TimedOutMessage = "command timed out";
    private static readonly TimeSpan TerminalHangupPause = TimeSpan.FromMilliseconds(100);

    private readonly EventLoop _loop = new();
    private readonly Dictionary<int, int> _unclaimedExits = [];
    private readonly byte[] _stdioBuffer = new byte[StdioBufferSize];
    private CriLogFile? _logFile;
    private AttachServer? _attach;
    private ContainerStdin? _stdin;
    private int _syncFd = -1;
    private int _runtimePid = -1;
    private int _runtimePidFd = -1;
    private int? _runtimeStatus;
    private int _containerPid = -1;
    private int _containerPidFd = -1;
    private int? _containerStatus;
    private int _stdoutFd = -1;
    private int _stderrFd = -1;
    private int _terminalFd = -1;
    private long _terminalResumeAt;

    public int Run()
    {
        var cwd = Directory.GetCurrentDirectory();
        var containerPidFile = options.ContainerPidFile ?? Path.Combine(cwd, $"pidfile-{options.ContainerId}");
        var bundlePath = options.BundlePath ?? (options.Exec ? null : cwd);
        if (drivers.K8sFilePath is { } logPath)
        {
            if (!drivers.Journald && options.LogTag is not null)
                throw new MonitorExitException("k8s-file doesn't support --log-tag");
            try
            {
                _logFile = new CriLogFile(logPath, options.LogSizeMax, options.LogGlobalSizeMax, !options.NoSyncLog);
            }
            catch (IOException e)
            {
                throw new MonitorExitException(e.Message);
            }
        }

        AdjustOomScore("-1000"u8);
        Libc.Signal(Constants.SigPipe, 1);

        var startFd = PipeFromEnvironment("_OCI_STARTPIPE");
        if (startFd > 0)
        {
            // The caller moves the monitor to its cgroup before this byte: nothing may be started sooner.
            Span<byte> start = stackalloc byte[8192];
            if (Descriptors.Read(startFd, start) < 0)
                throw new MonitorExitException($"start-pipe read failed: {Errors.Describe(Libc.Errno)}");
            if (!options.ExecAttach)
                Libc.Close(startFd);
        }
        var devNullRead = Libc.Open("/dev/null", Constants.ReadOnly | Constants.CloseOnExec, 0);
        var devNullWrite = Libc.Open("/dev/null", Constants.WriteOnly | Constants.CloseOnExec, 0);
        if (devNullRead < 0 || devNullWrite < 0)
            throw new MonitorExitException($"Failed to open /dev/null: {Errors.Describe(Libc.Errno)}");

        Daemon.Detach(options.Sync, options.MonitorPidFile);

        _syncFd = PipeFromEnvironment("_OCI_SYNCPIPE");
        var attachPipeFd = -1;
        if (options.ExecAttach && (attachPipeFd = PipeFromEnvironment("_OCI_ATTACHPIPE")) < 0)
            throw new MonitorExitException("--attach specified but _OCI_ATTACHPIPE was not");
        if (!drivers.Passthrough)
            Daemon.DisconnectStdio(devNullRead, devNullWrite);
        Daemon.BecomeSubreaper();

        // Gone once the runtime connected; removed here should it never connect.
        using var console = options.Terminal ? ConsoleSocket.Listen() : null;
        int workerIn = -1, workerOut = -1, workerErr;
        var fds = stackalloc int[2];
        if (!options.Terminal)
        {
            if (options.Stdin)
            {
                MakePipe(fds, "stdin");
                _stdin = new ContainerStdin(fds[1]);
                Descriptors.SetNonBlocking(fds[1]);
                workerIn = fds[0];
            }
            MakePipe(fds, "stdout");
            _stdoutFd = fds[0];
            workerOut = fds[1];
        }
        // Always a stderr pipe: the runtime's own errors arrive there before any terminal exists.
        MakePipe(fds, "stderr");
        _stderrFd = fds[0];
        workerErr = fds[1];
        if (options.Terminal)
            _stdin = new ContainerStdin(-1);

        var argv = RuntimeCommand.Build(options, containerPidFile, bundlePath ?? cwd, console?.Path);
        ControlFifos? control = null;
        if (bundlePath is not null && !drivers.Passthrough)
        {
            _attach = AttachServer.Listen(bundlePath, options.SocketDirectory, options.ContainerUuid ?? options.ContainerId!, options.FullAttach,
                _loop, _stdin, options.Stdin && !options.LeaveStdinOpen, log);
            control = new ControlFifos(bundlePath, _loop, log, Resize, ReopenLogs);
            if (options.ExecAttach)
                WriteSync(attachPipeFd, 0, null);
        }

        var signalFd = BlockSignals();
        log.Debug($"calling runtime args: {string.Join(' ', argv)}");
        _runtimePid = ChildLauncher.Start(argv,
            drivers.Passthrough ? (-1, -1, -1) : (workerIn >= 0 ? workerIn : devNullRead, workerOut >= 0 ? workerOut : devNullWrite, workerErr),
            options.ExecAttach ? startFd : -1);
        if (drivers.Passthrough)
            Daemon.DisconnectStdio(devNullRead, devNullWrite);
        foreach (var worker in new[] { workerIn, workerOut, workerErr })
        {
            if (worker >= 0)
                Libc.Close(worker);
        }
        if (options.ExecAttach && startFd > 0)
            Libc.Close(startFd);
        _loop.Watch(signalFd, Constants.PollIn, _ => OnSignal(signalFd));
        _runtimePidFd = WatchPid(_runtimePid);
        if (console is not null)
            _loop.Watch(console.Fd, Constants.PollIn, _ => TakeTerminal(console));

        // Until the runtime is done: its create (or exec) and, for a terminal, the console it hands over.
        Reap();
        if (_runtimeStatus is null)
            _loop.Run();
        var runtimeStatus = _runtimeStatus ?? -1;
        if (ExitStatus.Of(runtimeStatus) != 0)
            ReportRuntimeFailure(runtimeStatus);

        if (console is not null && _terminalFd < 0 && console.Fd >= 0 && PollOnce(console.Fd, 1000))
            TakeTerminal(console);
        console?.Dispose();
        if (options.Terminal && _stdoutFd < 0)
            throw new MonitorExitException("Runtime did not set up terminal");

        _containerPid = ReadContainerPid(containerPidFile);
        log.Debug($"container PID: {_containerPid}");
        if (_unclaimedExits.Remove(_containerPid, out var early))
            _containerStatus = early;
        if (options.ApiVersion >= 1 || !options.Exec)
            WriteSync(_syncFd, _containerPid, null);

        using var oom = OomWatcher.Start(_containerPid, options.PersistPath, _loop, log);
        if (_stdoutFd >= 0)
            WatchOutput(_stdoutFd, StdStream.Stdout);
        if (_stderrFd >= 0)
            WatchOutput(_stderrFd, StdStream.Stderr);
        if (_containerStatus is null)
            _containerPidFd = WatchPid(_containerPid);

        var timedOut = false;
        Reap();
        if (_containerStatus is null)
        {
            var deadline = options.Timeout > 0 ? Environment.TickCount64 + options.Timeout * 1000L : 0;
            timedOut = _loop.Run(deadline, Tick);
        }

        oom.CheckOnExit();
        if (!timedOut)
            DrainOutput();
        if (!options.NoSyncLog)
            _logFile?.Sync();

        int exitStatus;
        string? exitMessage = null;
        if (timedOut && _containerStatus is null)
        {
            KillAndReapContainer();
            exitStatus = -1;
            exitMessage = TimedOutMessage;
        }
        else
            exitStatus = _containerStatus is { } status ? ExitStatus.Of(status) : -1;

        _attach?.Dispose();
        control?.Dispose();
        Libc.Close(signalFd);
        _logFile?.Dispose();

        var statusText = exitStatus.ToString(CultureInfo.InvariantCulture);
        WriteExitFile(options.PersistPath is null ? null : Path.Combine(options.PersistPath, "exit"), statusText, "container exit file");
        WriteExitFile(options.ExitDirectory is null ? null : Path.Combine(options.ExitDirectory, options.ContainerId!), statusText, "exit file");
        if (options.Exec)
            WriteSync(_syncFd, exitStatus, exitMessage);
        if (_attach?.Symlink is { } symlink && Libc.Unlink(symlink) != 0 && Libc.Errno != Constants.Enoent)
            throw new MonitorExitException($"Failed to remove symlink for attach socket directory: {Errors.Describe(Libc.Errno)}");

        if (options.ExitCommand is not null)
            return ExitCommand.Run(options.ExitCommand, options.ExitCommandArguments, options.ExitDelay, log) is var commandStatus and not 0 ? commandStatus : exitStatus;
        ReapAll();
        return exitStatus;
    }

    private static int PipeFromEnvironment(string name)
    {
        if (Environment.GetEnvironmentVariable(name) is not { } value)
            return -1;
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var fd))
            throw new MonitorExitException($"unable to parse {name}");
        if (Libc.Fcntl(fd, Constants.FdSetFlags, Constants.FdCloseOnExec) == -1)
            throw new MonitorExitException($"unable to make {name} CLOEXEC: {Errors.Describe(Libc.Errno)}");
        return fd;
    }

    private static void MakePipe(int* fds, string what)
    {
        if (Libc.Pipe2(fds, Constants.CloseOnExec) < 0)
            throw new MonitorExitException($"Failed to create !terminal {what} pipe: {Errors.Describe(Libc.Errno)}");
    }

    private static void AdjustOomScore(ReadOnlySpan<byte> score)
    {
        var fd = Libc.Open("/proc/self/oom_score_adj", Constants.WriteOnly | Constants.CloseOnExec, 0);
        if (fd < 0)
            return;
        // Without CAP_SYS_RESOURCE a lower score is refused; the monitor runs on with its own.
        Descriptors.WriteAll(fd, score);
        Libc.Close(fd);
    }

    /// <summary>SIGCHLD and the signals to forward, taken through a signalfd instead of handlers.</summary>
    private static int BlockSignals()
    {
        var mask = stackalloc ulong[16];
        mask[0] = (1UL << (Constants.SigChld - 1)) | (1UL << (Constants.SigTerm - 1)) | (1UL << (Constants.SigInt - 1)) | (1UL << (Constants.SigQuit - 1));
        if (Libc.SigProcMask(Constants.SigBlock, mask, null) != 0)
            throw new MonitorExitException($"Failed to block signals: {Errors.Describe(Libc.Errno)}");
        var fd = Libc.SignalFd(-1, mask, Constants.CloseOnExec | Constants.NonBlock);
        return fd >= 0 ? fd : throw new MonitorExitException($"Failed to create signalfd: {Errors.Describe(Libc.Errno)}");
    }

    private void OnSignal(int signalFd)
    {
        // struct signalfd_siginfo is 128 bytes, the signal number first.
        Span<byte> info = stackalloc byte[128];
        while (Descriptors.Read(signalFd, info) == 128)
        {
            var signal = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(info);
            if (signal != Constants.SigChld)
                Forward(signal);
        }
        Reap();
    }

    /// <summary>A signal to the monitor goes to the container (or to the runtime still creating it), as conmon's on_sig_exit.</summary>
    private void Forward(int signal)
    {
        if (_containerPid > 0 && _containerStatus is null && Libc.Kill(_containerPid, signal) == 0)
            return;
        if (_runtimePid > 0 && _runtimeStatus is null)
            Libc.Kill(_runtimePid, signal);
    }

    /// <summary>A pidfd for <paramref name="pid"/> watched for its exit: a second way to notice it, should SIGCHLD go to another thread.</summary>
    private int WatchPid(int pid)
    {
        var fd = Libc.PidFdOpen(pid, 0);
        if (fd >= 0)
        {
            Descriptors.SetCloseOnExec(fd);
            _loop.Watch(fd, Constants.PollIn, _ => Reap());
        }
        return fd;
    }

    /// <summary>Reaps every child that ended: the runtime, the container, and orphans of the container that came to the subreaper.</summary>
    private void Reap()
    {
        while (true)
        {
            int status;
            var pid = Libc.WaitPid(-1, &status, Constants.WaitNoHang);
            if (pid < 0 && Libc.Errno == Constants.Eintr)
                continue;
            if (pid < 0)
            {
                if (Libc.Errno == Constants.Echild)
                    _loop.Quit();
                return;
            }
            if (pid == 0)
                return;
            if (pid == _runtimePid && _runtimeStatus is null)
            {
                _runtimeStatus = status;
                Forget(ref _runtimePidFd);
                _loop.Quit();
            }
            else if (pid == _containerPid && _containerStatus is null)
            {
                var code = ExitStatus.Of(status);
                if (code != 0)
                    log.Info($"container {pid} exited with status {code}");
                _containerStatus = status;
                Forget(ref _containerPidFd);
                _loop.Quit();
            }
            else
                _unclaimedExits[pid] = status;
        }
    }

    private void Forget(ref int pidFd)
    {
        if (pidFd < 0)
            return;
        _loop.Unwatch(pidFd);
        Libc.Close(pidFd);
        pidFd = -1;
    }

    private void ReportRuntimeFailure(int runtimeStatus)
    {
        var buffer = new byte[StderrMessageSize];
        var read = PollOnce(_stderrFd, 1000) ? Descriptors.Read(_stderrFd, buffer) : 0;
        if (read > 0)
        {
            var message = Encoding.UTF8.GetString(buffer, 0, read);
            log.Warn($"runtime stderr: {message}");
            var report = options.Exec && _containerStatus is > 0 ? -_containerStatus.Value : -1;
            WriteSync(_syncFd, report, message);
        }
        throw new MonitorExitException($"Failed to create container: exit status {ExitStatus.Of(runtimeStatus)}");
    }

    private static bool PollOnce(int fd, int timeoutMilliseconds)
    {
        if (fd < 0)
            return false;
        var poll = new PollFd { Fd = fd, Events = Constants.PollIn };
        int ready;
        do
            ready = Libc.Poll(&poll, 1, timeoutMilliseconds);
        while (ready < 0 && Libc.Errno == Constants.Eintr);
        return ready > 0;
    }

    private int ReadContainerPid(string path)
    {
        string contents;
        try
        {
            contents = Descriptors.ReadText(path);
        }
        catch (IOException e)
        {
            log.Warn($"Failed to read pidfile: {e.Message}");
            throw new MonitorExitException($"Failed to read pidfile: {e.Message}");
        }
        // As atoi: the leading digits.
        var digits = contents.AsSpan().TrimStart();
        var length = 0;
        while (length < digits.Length && char.IsAsciiDigit(digits[length]))
            length++;
        return int.TryParse(digits[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }

    private void WriteSync(int fd, int value, string? message)
    {
        if (fd < 0)
            return;
        var text = SyncMessage.Format(SyncMessage.Key(options.ApiVersion, options.Exec), value, message);
        if (!Descriptors.WriteAll(fd, Encoding.UTF8.GetBytes(text)))
            log.Warn($"Unable to send message to parent: {Errors.Describe(Libc.Errno)}");
    }

    private void TakeTerminal(ConsoleSocket console)
    {
        _loop.Unwatch(console.Fd);
        _terminalFd = console.ReceiveTerminal();
        _stdoutFd = Libc.Dup(_terminalFd);
        if (_stdoutFd < 0)
            throw new MonitorExitException($"Failed to dup console file descriptor: {Errors.Describe(Libc.Errno)}");
        Descriptors.SetCloseOnExec(_stdoutFd);
        Descriptors.SetNonBlocking(_terminalFd);
        _stdin!.Open(_terminalFd);
    }

    private void WatchOutput(int fd, StdStream stream) => _loop.Watch(fd, Constants.PollIn, events => OnOutput(fd, stream, events));

    private void OnOutput(int fd, StdStream stream, short events)
    {
        var hangup = (events & (Constants.PollHup | Constants.PollErr)) != 0;
        var ended = false;
        var terminalHangup = false;
        if ((events & Constants.PollIn) != 0)
        {
            var read = Descriptors.Read(fd, _stdioBuffer);
            if (read > 0)
            {
                Deliver(stream, _stdioBuffer.AsSpan(0, read));
                if (!hangup)
                    return;
            }
            else if (read == 0)
                ended = true;
            else if (Libc.Errno == Constants.Eio && fd == _stdoutFd && options.Terminal)
                terminalHangup = true;
            else if (Libc.Errno == Constants.Eagain)
                return;
        }
        if (options.Terminal && fd == _stdoutFd && (hangup || terminalHangup) && !ended)
        {
            // No process has the terminal open now; someone may open it later. Look again shortly.
            _loop.Unwatch(fd);
            _terminalResumeAt = Environment.TickCount64 + (long)TerminalHangupPause.TotalMilliseconds;
            return;
        }
        if (ended || hangup)
        {
            _loop.Unwatch(fd);
            Libc.Close(fd);
            if (fd == _stdoutFd)
                _stdoutFd = -1;
            if (fd == _stderrFd)
                _stderrFd = -1;
        }
    }

    /// <summary>
    /// Work the loop does on time rather than on a descriptor: stdin bytes the container did not
    /// take yet, a terminal paused after a hang-up. Returns the milliseconds until it is due again (-1: none).
    /// </summary>
    private int Tick()
    {
        var wakeup = -1;
        if (_stdin is { HasPending: true })
        {
            _stdin.Flush();
            _attach?.PauseInput(_stdin.HasPending);
            if (_stdin.HasPending)
                wakeup = 10;
        }
        if (_terminalResumeAt == 0)
            return wakeup;
        var left = _terminalResumeAt - Environment.TickCount64;
        if (left > 0)
            return wakeup < 0 ? (int)left : Math.Min(wakeup, (int)left);
        _terminalResumeAt = 0;
        if (_stdoutFd >= 0)
            WatchOutput(_stdoutFd, StdStream.Stdout);
        return wakeup;
    }

    private void Deliver(StdStream stream, ReadOnlySpan<byte> data)
    {
        _logFile?.Write(stream, data);
        _attach?.Broadcast(stream, data);
    }

    /// <summary>What the container wrote before it ended and was not read yet, as conmon's drain_stdio.</summary>
    private void DrainOutput()
    {
        foreach (var (fd, stream) in new[] { (_stdoutFd, StdStream.Stdout), (_stderrFd, StdStream.Stderr) })
        {
            if (fd < 0)
                continue;
            Descriptors.SetNonBlocking(fd);
            while (true)
            {
                var read = Descriptors.Read(fd, _stdioBuffer);
                if (read <= 0)
                    break;
                Deliver(stream, _stdioBuffer.AsSpan(0, read));
            }
            _loop.Unwatch(fd);
            Libc.Close(fd);
        }
        _stdoutFd = _stderrFd = -1;
    }

    /// <summary>
    /// The timeout's end: the container (an exec'd command) and its process group are killed, and
    /// reaped here before anything is reported, so no zombie outlives the answer.
    /// </summary>
    private void KillAndReapContainer()
    {
        var group = Libc.GetPgid(_containerPid);
        // A group of 1 would make kill(-1) kill everything the monitor may kill.
        if (group > 1)
            Libc.Kill(-group, Constants.SigKill);
        else
            Libc.Kill(_containerPid, Constants.SigKill);
        int status;
        int pid;
        do
            pid = Libc.WaitPid(_containerPid, &status, 0);
        while (pid < 0 && Libc.Errno == Constants.Eintr);
        if (pid == _containerPid)
            _containerStatus = status;
        Forget(ref _containerPidFd);
    }

    private void WriteExitFile(string? path, string status, string what)
    {
        if (path is null)
            return;
        try
        {
            AtomicFile.Write(path, status);
        }
        catch (IOException e)
        {
            throw new MonitorExitException($"Failed to write {status} to {what}: {e.Message}");
        }
    }

    private void Resize(int height, int width)
    {
        if (_stdoutFd < 0 || !options.Terminal)
            return;
        var size = stackalloc ushort[4];
        size[0] = (ushort)height;
        size[1] = (ushort)width;
        if (Libc.Ioctl(_stdoutFd, Constants.TiocSetWindowSize, size) != 0)
            log.Warn($"Failed to set process pty terminal size: {Errors.Describe(Libc.Errno)}");
    }

    private void ReopenLogs()
    {
        try
        {
            _logFile?.Reopen();
        }
        catch (IOException e)
        {
            throw new MonitorExitException(e.Message);
        }
    }

    private static void ReapAll()
    {
        int status;
        while (Libc.WaitPid(-1, &status, Constants.WaitNoHang) > 0)
        {
        }
    }
}
