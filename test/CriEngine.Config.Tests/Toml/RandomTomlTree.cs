using System.Text;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

/// <summary>Random value trees covering every kind and awkward keys and strings, for writer round trips.</summary>
internal static class RandomTomlTree
{
    private const int MaxDepth = 4;

    private static readonly string[] Keys = ["a", "b-c", "d_1", "1234", "", "a.b", "with space", "ü", "\"q\"", "tab\t", "😂", "x", "y", "z"];

    public static TomlTable Table(Random random, int depth)
    {
        var table = new TomlTable();
        var count = random.Next(depth >= MaxDepth ? 3 : 6);
        for (var i = 0; i < count; i++)
        {
            var key = Keys[random.Next(Keys.Length)];
            if (!table.ContainsKey(key))
                table.Add(key, Value(random, depth + 1));
        }
        return table;
    }

    private static TomlValue Value(Random random, int depth)
    {
        var choice = random.Next(depth >= MaxDepth ? 6 : 9);
        return choice switch
        {
            0 => new TomlString(String(random)),
            1 => new TomlInteger(random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(-1000, 1000)),
            2 => new TomlFloat(Float(random)),
            3 => new TomlBoolean(random.Next(2) == 0),
            4 or 5 => DateTime(random),
            6 => Array(random, depth),
            7 => ArrayOfTables(random, depth),
            _ => Table(random, depth),
        };
    }

    private static TomlArray Array(Random random, int depth)
    {
        var array = new TomlArray();
        var count = random.Next(4);
        for (var i = 0; i < count; i++)
            array.Add(Value(random, depth + 1));
        return array;
    }

    private static TomlArray ArrayOfTables(Random random, int depth)
    {
        var array = new TomlArray();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
            array.Add(Table(random, depth + 1));
        return array;
    }

    private static double Float(Random random) => random.Next(8) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => -0.0,
        4 => random.Next(-100, 100),
        5 => BitConverter.Int64BitsToDouble(random.NextInt64()) is var bits && double.IsFinite(bits) ? bits : 1.5,
        _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)),
    };

    private static TomlDateTime DateTime(Random random)
    {
        var date = DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber));
        var time = new TimeOnly(random.NextInt64(TimeOnly.MaxValue.Ticks));
        var offset = TimeSpan.FromMinutes(random.Next(-23 * 60 - 59, 23 * 60 + 60));
        return random.Next(4) switch
        {
            0 => new TomlDateTime(date, time, offset),
            1 => new TomlDateTime(date, time, null),
            2 => new TomlDateTime(date, null, null),
            _ => new TomlDateTime(null, time, null),
        };
    }

    private static string String(Random random)
    {
        const string pieces = "aZ09 \t\n\r\"'\\#=[]{}.,\u0000\u0001\u001F\u007Fé€";
        var builder = new StringBuilder();
        var length = random.Next(8);
        for (var i = 0; i < length; i++)
        {
            if (random.Next(10) == 0)
                builder.Append("😂");
            else
                builder.Append(pieces[random.Next(pieces.Length)]);
        }
        return builder.ToString();
    }
}
