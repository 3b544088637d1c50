using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.Layers;

/// <summary>The layer tests' short form of <see cref="ExternalCommand"/>: the output of a program that must succeed.</summary>
internal static class TestCommand
{
    public static async Task<byte[]> RunAsync(string program, byte[] input, params string[] arguments) =>
        (await ExternalCommand.RunCheckedAsync(program, arguments, input)).StandardOutput;

    public static async Task<byte[]> RunAsync(string program, params string[] arguments) =>
        (await ExternalCommand.RunCheckedAsync(program, arguments)).StandardOutput;
}
