package voice

import "testing"

var testPlaces = []Place{
	{ID: "pkx", NameEN: "Beijing Daxing International Airport", NameZH: "北京大兴国际机场", Category: "airport"},
	{ID: "hlg", NameEN: "Huilongguan", NameZH: "回龙观"},
	{ID: "gmc", NameEN: "Guomao Supercharger", NameZH: "国贸超充站", Category: "charging"},
	{ID: "sjp", NameEN: "Sanlitun", NameZH: "三里屯", Pinyin: "san li tun"},
	{ID: "wfj", NameEN: "Wangfujing Street", NameZH: "王府井大街"},
}

func TestGazetteerLookup(t *testing.T) {
	g := NewGazetteer(testPlaces)
	cases := []struct{ in, want string }{
		{"Beijing Daxing International Airport", "pkx"},
		{"daxing airport", "pkx"},
		{"大兴机场", "pkx"},
		{"回龙观", "hlg"},
		{"回龙官", "hlg"}, // a homophone written by the recogniser
		{"huilongguan", "hlg"},
		{"huilonguan", "hlg"}, // a typo
		{"三里屯", "sjp"},
		{"sanlitun", "sjp"},
		{"san li tun", "sjp"},
		{"wangfujing", "wfj"},
		{"王府井", "wfj"},
		{"Guomao supercharger", "gmc"},
	}
	for _, c := range cases {
		m, ok := g.Lookup(c.in)
		if !ok || m.Place.ID != c.want {
			t.Errorf("Lookup(%q) = %+v %v, want %s (candidates %+v)", c.in, m, ok, c.want, g.Candidates(c.in, 3))
		}
	}
	for _, in := range []string{"", "shanghai", "上海虹桥", "the"} {
		if m, ok := g.Lookup(in); ok {
			t.Errorf("Lookup(%q) = %+v, want no match", in, m)
		}
	}
	var nilG *Gazetteer
	if _, ok := nilG.Lookup("x"); ok || nilG.Len() != 0 {
		t.Error("nil gazetteer must match nothing")
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b     string
		limit, d int
	}{{"kitten", "sitting", 3, 3}, {"abc", "abc", 1, 0}, {"abc", "abd", 1, 1}, {"abc", "xyz", 2, -1}, {"回龙观", "回龙官", 1, 1}} {
		if got := editDistance(c.a, c.b, c.limit); got != c.d {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.d)
		}
	}
}
