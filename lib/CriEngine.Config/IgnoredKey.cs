namespace CriEngine.Config;

/// <summary>A key that was set (in a file or by a flag) but that the engine does not act on yet.</summary>
public sealed record IgnoredKey(string Key, ValueOrigin Origin)
{
    public override string ToString() => $"{Origin}: {Key}";
}
