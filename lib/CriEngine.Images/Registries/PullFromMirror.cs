namespace CriEngine.Images.Registries;

/// <summary>registries.conf <c>pull-from-mirror</c>: which pulls a mirror serves.</summary>
public enum PullFromMirror
{
    /// <summary><c>all</c> (the default): pulls by tag and by digest.</summary>
    All,

    /// <summary><c>digest-only</c>: only pulls by digest, whose content cannot differ between mirrors.</summary>
    DigestOnly,

    /// <summary><c>tag-only</c>: only pulls by tag.</summary>
    TagOnly,
}
