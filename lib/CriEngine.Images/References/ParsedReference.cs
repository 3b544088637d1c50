namespace CriEngine.Images.References;

/// <summary>
/// A reference as the user wrote it, next to its normalized form: what short-name resolution
/// needs to look up an alias and to carry the tag or digest over to the name it resolves to.
/// </summary>
/// <param name="GivenName">The name as written, without tag or digest (<c>busybox</c>, <c>library/busybox</c>).</param>
/// <param name="NamesRegistry">Whether the written name starts with a registry.</param>
/// <param name="Suffix">The written tag and digest with their separators (<c>:1.36</c>, <c>@sha256:…</c>), or empty.</param>
internal sealed record ParsedReference(ImageReference Reference, string GivenName, bool NamesRegistry, string Suffix);
