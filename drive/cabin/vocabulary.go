package cabin

// This file holds the cabin's built-in vocabulary: the names people use for
// its massage programmes and ambient colours, in English ids and in
// Chinese. They are data, not sentences (assets/cabin/cabin.yaml repeats
// them and a test keeps both equal): a catalogue of assets/ui cannot hold
// them because a designer's cabin file may add its own. Sentences the
// cabin says are keys of assets/ui (cabin.say.*).

// Programmes lists the built-in massage programmes (DefaultCatalog).
// Durations are estimates: massage seats commonly stop by themselves after
// 10-20 minutes so that nobody is kneaded for an hour by a forgotten
// setting; no OEM table was found, so a designer may change them in
// assets/cabin/cabin.yaml.
var Programmes = [...]Programme{
	{MassageWave, "wave", "波浪", 15, "WAVE"},
	{MassagePulse, "pulse", "脉冲", 15, "PULSE"},
	{MassageStretch, "stretch", "舒展", 10, "STRETCH"},
	{MassageRelax, "relax", "放松", 20, "RELAX"},
	{MassageSport, "sport", "运动", 10, "SPORT"},
}

// Palette is the built-in ambient-light colours (DefaultCatalog). Chinese NEVs
// advertise "64-colour" or "256-colour" ambient lighting, but people ask for
// colours by name, so the palette holds the names they use.
var Palette = []Color{
	{"white", "白色", "#FFFFFF"},
	{"warm_white", "暖白", "#FFE4B5"},
	{"red", "红色", "#FF2A2A"},
	{"orange", "橙色", "#FF8C00"},
	{"amber", "琥珀色", "#FFBF00"},
	{"yellow", "黄色", "#FFE600"},
	{"green", "绿色", "#2ECC40"},
	{"cyan", "青色", "#00E5FF"},
	{"ice_blue", "冰蓝", "#A8E6FF"},
	{"blue", "蓝色", "#1E6BFF"},
	{"purple", "紫色", "#9B30FF"},
	{"pink", "粉色", "#FF5FA2"},
}

// colourSuffixZH is the character a Chinese colour name may drop: people
// say 蓝 for 蓝色 (blue).
const colourSuffixZH = "色"
