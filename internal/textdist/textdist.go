package textdist

import "strings"

// Distance is the Levenshtein distance of a and b in runes, or limit when it
// is limit or more (it gives up early then). A limit of 0 means no limit.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if limit > 0 {
		if d := len(ra) - len(rb); d >= limit || -d >= limit {
			return limit
		}
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if limit > 0 && rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	if limit > 0 {
		return min(prev[len(rb)], limit)
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest to word, ignoring case, when it is
// fewer than limit edits away; the first such candidate wins a tie. It
// returns "" when none is that close.
func Closest(word string, candidates []string, limit int) string {
	best, bestD := "", limit
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if d := Distance(lw, strings.ToLower(c), bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
