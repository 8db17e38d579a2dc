package drill

import (
	"math"
	"strconv"
)

// tip picks the one thing worth practising: the criterion that lost the
// most points, earlier criteria winning ties (outcome before timeliness
// before control before procedure), with a concrete instruction.
func tip(t *Timeline, cs []Criterion) (en, zh string) {
	best, lost := -1, 0.0
	for i, c := range cs {
		l := c.Max - c.Points
		if c.ID == "penalties" {
			l = -c.Points
		}
		if l > lost+1e-9 {
			best, lost = i, l
		}
	}
	if t.Crash {
		return "Brake earlier and keep at least 3 s to the car ahead once you have the wheel.",
			"接管后尽早制动，与前车保持至少 3 秒的时距。"
	}
	if best < 0 {
		return "A clean handover: try the next drill.", "接管完美：试试下一个训练。"
	}
	f := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) }
	switch cs[best].ID {
	case "outcome":
		if t.L2Lockout {
			return "Keep your hands on the wheel in lane centring: three warnings in 30 minutes lock it.",
				"使用车道居中辅助时请保持双手握方向盘：30 分钟内三次警告会锁定系统。"
		}
		return "When the request sounds you have 10 s: put the phone down, look ahead, hold the wheel and steer or brake gently.",
			"接管请求响起后您有 10 秒：放下手机、目视前方、握住方向盘并轻转方向或轻踩刹车。"
	case "takeover":
		if t.TakeoverS < 0 {
			return "Saying \"I have control\" is not enough: hold the wheel, look ahead and steer or press a pedal.",
				"只说“我来开”不算接管：请握住方向盘、目视前方并转向或踩踏板。"
		}
		return "Your takeover took " + f(t.TakeoverS) + " s (median " + f(MedianTakeover) + " s): hands on the wheel and a small steering input complete it.",
			"您的接管用时 " + f(t.TakeoverS) + " 秒（中位数 " + f(MedianTakeover) + " 秒）：双手握方向盘并轻转方向即可完成接管。"
	case "eyes":
		return "Look up at the road first, the moment the chime sounds: eyes on the road took " + sec(t.EyesS) + ".",
			"提示音一响就先抬头看路：本次视线回到道路用时 " + secZH(t.EyesS) + "。"
	case "hands":
		return "Rest your hands near the wheel during automation so they reach it within 5 s (this time " + sec(t.HandsS) + ").",
			"自动驾驶时双手放在方向盘附近，5 秒内即可握住（本次 " + secZH(t.HandsS) + "）。"
	case "ttc":
		return "After taking over, ease off and let the gap grow: the closest you came was " + sec(t.MinTTCS) + " to collision.",
			"接管后先松油门拉开车距：本次最小碰撞时间为 " + secZH(t.MinTTCS) + "。"
	case "decel":
		return "Brake progressively after the takeover: you braked at " + f(t.MaxDecelMps2) + " m/s²; below 4 is smooth.",
			"接管后渐进制动：本次减速度 " + f(t.MaxDecelMps2) + " m/s²，低于 4 为平稳。"
	case "lane":
		return "Hold your lane for 20 s after taking over before any manoeuvre.", "接管后先保持车道 20 秒再做其他操作。"
	case "phone":
		return "Put the phone down before you reach for the wheel.", "先放下手机，再去握方向盘。"
	case "mirror":
		return "Check the mirror and over your shoulder before every lane change.", "每次变道前先看后视镜并回头确认。"
	case "indicator":
		return "Signal before every lane change, even in light traffic.", "每次变道前都要打转向灯，车少时也一样。"
	case "calm":
		return "With time to spare, brake gently: a full stop on the expressway surprises the cars behind.",
			"时间充裕时请轻柔制动：在高速上急停会让后车措手不及。"
	}
	// penalties
	if t.HandsOffWarnings > 0 || t.LongDistractions > 0 {
		return "In lane centring you are still driving: keep your hands on the wheel and your eyes on the road.",
			"车道居中辅助时您仍是驾驶员：请保持双手握方向盘、目视前方。"
	}
	return "While L3 drives, stay in your seat, belted, and show you are awake every 30 s (a glance ahead is enough).",
		"L3 驾驶时请坐好、系好安全带，并每 30 秒表现出清醒状态（看一眼前方即可）。"
}
