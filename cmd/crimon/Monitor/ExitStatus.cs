namespace CriEngine.Crimon.Monitor;

/// <summary>A wait status as conmon reports it: the exit code, or 128+N when killed by signal N.</summary>
internal static class ExitStatus
{
    public static int Of(int waitStatus)
    {
        var signal = waitStatus & 0x7f;
        if (signal == 0)
            return (waitStatus >> 8) & 0xff;
        if (signal != 0x7f)
            return 128 + signal;
        return -1;
    }
}
