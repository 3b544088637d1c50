namespace CriEngine.Config.Toml;

/// <summary>
/// How a table came to exist. TOML lets a table be defined only once, and what counts as
/// "defining" depends on the syntax that created it, so the parser records it.
/// </summary>
internal enum TomlTableOrigin
{
    /// <summary>Defined by its own <c>[name]</c> or <c>[[name]]</c> header (or the root).</summary>
    Header,

    /// <summary>Created only as a parent named in a longer header path; a later header may still define it.</summary>
    Implicit,

    /// <summary>Created by dotted keys; may be extended only by more dotted keys, never by a header of the same name.</summary>
    Dotted,

    /// <summary>Written as <c>{ ... }</c>; complete once closed.</summary>
    Inline,
}
