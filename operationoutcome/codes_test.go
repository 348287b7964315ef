package operationoutcome

import "testing"

func TestIssueTypeValidIn(t *testing.T) {
	for _, v := range []Version{STU3, R4} {
		in := map[IssueType]bool{}
		for _, c := range IssueTypes(v) {
			in[c] = true
		}
		for _, c := range append(IssueTypes(R4), "", "bogus") {
			if got := c.ValidIn(v); got != in[c] {
				t.Errorf("%q.ValidIn(%s) = %v, want %v", c, v, got, in[c])
			}
		}
	}
	if IssueInvalid.ValidIn("DSTU2") {
		t.Error("ValidIn of an unknown release must be false")
	}
	if n := testing.AllocsPerRun(100, func() { IssueDeleted.ValidIn(STU3); IssueThrottled.Valid() }); n != 0 {
		t.Errorf("ValidIn allocates %v times", n)
	}
}
