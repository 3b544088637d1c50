namespace CriEngine.Crimon.Logging;

/// <summary>A container's standard stream, numbered as conmon numbers them: the number prefixes each attach packet.</summary>
internal enum StdStream : byte
{
    Stdin = 1,
    Stdout = 2,
    Stderr = 3,
}
