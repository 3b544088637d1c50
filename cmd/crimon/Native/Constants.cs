namespace CriEngine.Crimon.Native;

/// <summary>Linux x86-64 and aarch64 values of the flags, signals and requests crimon passes to libc.</summary>
internal static class Constants
{
    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int ReadWrite = 0x2;
    public const int Create = 0x40;
    public const int Truncate = 0x200;
    public const int Append = 0x400;
    public const int NonBlock = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;

    public const int FdSetFlags = 2;
    public const int FdCloseOnExec = 1;
    public const int GetFileStatus = 3;
    public const int SetFileStatus = 4;

    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Echild = 10;
    public const int Esrch = 3;
    public const int Enoent = 2;
    public const int Eexist = 17;
    public const int Eio = 5;

    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigUsr1 = 10;
    public const int SigPipe = 13;
    public const int SigTerm = 15;
    public const int SigChld = 17;

    public const int SigBlock = 0;
    public const int SigSetMask = 2;

    public const int WaitNoHang = 1;

    public const int PrSetPdeathsig = 1;
    public const int PrSetChildSubreaper = 36;

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollErr = 0x8;
    public const short PollHup = 0x10;
    public const short PollNval = 0x20;

    public const int AfUnix = 1;
    public const int SockStream = 1;
    public const int SockDgram = 2;
    public const int SockSeqPacket = 5;
    public const int SockNonBlock = 0x800;
    public const int SockCloseOnExec = 0x80000;
    public const int MsgNoSignal = 0x4000;
    public const int MsgDontWait = 0x40;
    public const int ShutRead = 0;
    public const int ShutWrite = 1;
    public const int SolSocket = 1;
    public const int ScmRights = 1;

    public const nuint TiocSetWindowSize = 0x5414;
    public const uint OutputMapNlToCrNl = 0x4;
    public const int TcsaNow = 0;

    public const int ClockRealtime = 0;

    public const uint InModify = 0x2;

    public const long Cgroup2SuperMagic = 0x63677270;

    public const int ExecutableOk = 1;
}
