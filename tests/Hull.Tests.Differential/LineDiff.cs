using System.Text;

namespace Hull.Tests.Differential;

/// <summary>A line diff of two short texts (a longest common subsequence), shown as a unified diff with context.</summary>
public static class LineDiff
{
    private const int Context = 3;

    public static string Unified(string before, string after)
    {
        var edits = Edits(before.Split('\n'), after.Split('\n'));
        var shown = new bool[edits.Count];
        for (int i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind == ' ')
                continue;
            for (int j = Math.Max(0, i - Context); j <= Math.Min(edits.Count - 1, i + Context); j++)
                shown[j] = true;
        }
        var text = new StringBuilder();
        for (int i = 0; i < edits.Count; i++)
        {
            if (shown[i])
                text.Append(' ').Append(edits[i].Kind).Append(' ').Append(edits[i].Line).Append('\n');
            else if (i > 0 && shown[i - 1])
                text.Append("   ...\n");
        }
        return text.ToString();
    }

    private static List<(char Kind, string Line)> Edits(string[] a, string[] b)
    {
        var common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        }
        var edits = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add((' ', a[x]));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || common[x, y + 1] >= common[x + 1, y]))
            {
                edits.Add(('+', b[y++]));
            }
            else
            {
                edits.Add(('-', a[x++]));
            }
        }
        return edits;
    }
}
