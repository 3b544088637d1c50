namespace CriEngine.Config.Tests.Toml;

/// <summary>Valid documents exercising every part of the grammar, shared by round-trip and fuzz tests.</summary>
internal static class TomlSamples
{
    public static readonly string[] Valid =
    [
        "title = \"TOML Example\"\n[owner]\nname = \"Tom\"\ndob = 1979-05-27T07:32:00-08:00\n"
            + "[database]\nenabled = true\nports = [ 8000, 8001, 8002 ]\ndata = [ [\"delta\", \"phi\"], [3.14] ]\n"
            + "temp_targets = { cpu = 79.5, case = 72.0 }\n[servers]\n[servers.alpha]\nip = \"10.0.0.1\"\n",
        "# comment\nkey = \"value\"  # trailing\nbare-key_1 = 'lit'\n\"quoted key\" = 1\n'' = 2\na.b.\"c.d\" = 3\n",
        "str = \"I'm a string. \\\"You can quote me\\\". Name\\tJos\\u00E9\\nLocation\\tSF. \\U0001F600\"\n"
            + "ml = \"\"\"\nRoses are red\\\n   Violets \"\" are blue\"\"\"\"\nlit = 'C:\\Users'\nmllit = '''\nline ''one''\nline 2'''\n",
        "int1 = +99\nint2 = -17\nint3 = 1_000\nhex = 0xdead_BEEF\noct = 0o755\nbin = 0b1101\nmax = 9223372036854775807\nmin = -9223372036854775808\n",
        "f1 = +1.0\nf2 = -0.01\nf3 = 5e+22\nf4 = -2E-2\nf5 = 6.626e-34\nf6 = 224_617.445_991_228\nf7 = -0.0\n"
            + "sf1 = inf\nsf2 = -inf\nsf3 = nan\n",
        "odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27 00:32:00.999999-07:00\nldt = 1979-05-27T07:32:00\n"
            + "ld = 1979-05-27\nlt = 00:32:00.1234567\nleap = 2000-02-29\n",
        "arr = [ 1, [2, 3], \"x\", { a = 1 }, [], ]\nmixed = [\n  1, # c\n  2.5,\n  true\n]\n",
        "inline = { first = \"Tom\", last = \"P\", nested = { a.b = 1 }, list = [1, 2] }\nempty = {}\n",
        "[a.b.c]\nx = 1\n[a]\ny = 2\n[d.\"e f\"]\n[g]\nh.i = 1\n[g.h.j]\n",
        "[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\nname = \"Nail\"\n"
            + "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"rd\"\n"
            + "[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"\n",
        "a = 1\r\nb = [\r\n  2,\r\n]\r\nc = \"\"\"\r\nx\r\n\"\"\"\r\n",
        "\uFEFFkey = \"with BOM\"\n",
    ];
}
