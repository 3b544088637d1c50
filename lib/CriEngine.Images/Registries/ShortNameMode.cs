namespace CriEngine.Images.Registries;

/// <summary>
/// registries.conf <c>short-name-mode</c>: what a program that resolves short names should do
/// when several unqualified-search registries could hold the image. Without a terminal to
/// prompt on, <see cref="Enforcing"/> refuses the ambiguity while the others try every
/// candidate in order. The file's default is <see cref="Permissive"/>.
/// </summary>
public enum ShortNameMode
{
    Permissive,
    Enforcing,
    Disabled,
}
