package voice

// Intent names of the schema (assets/voice/intents.yaml, SCHEMA.md): the
// values of Command.Intent and Intent.Intent. They are untyped so they
// compare with those string fields directly.
const (
	// IntentNavNavigate starts guidance to a place or the nearest of a category.
	IntentNavNavigate = "nav.navigate"
	// IntentNavAddStop adds a stop on the way.
	IntentNavAddStop = "nav.add_stop"
	// IntentNavSearch shows places without starting guidance.
	IntentNavSearch = "nav.search"
	// IntentNavCancel stops guidance.
	IntentNavCancel = "nav.cancel"
	// IntentNavETA asks when the car arrives.
	IntentNavETA = "nav.eta"
	// IntentNavRoutePref sets a route preference (avoid tolls, prefer highways).
	IntentNavRoutePref = "nav.route_pref"
	// IntentSeatHeat sets or steps a seat's heating.
	IntentSeatHeat = "seat.heat"
	// IntentSeatVentilate sets or steps a seat's ventilation.
	IntentSeatVentilate = "seat.ventilate"
	// IntentSeatMassage sets a seat's massage.
	IntentSeatMassage = "seat.massage"
	// IntentSeatAdjust moves a seat or one of its parts.
	IntentSeatAdjust = "seat.adjust"
	// IntentSeatMemory saves or recalls a seat position.
	IntentSeatMemory = "seat.memory"
	// IntentClimatePower switches the climate control of a zone on or off.
	IntentClimatePower = "climate.power"
	// IntentClimateAc switches the A/C compressor on or off.
	IntentClimateAc = "climate.ac"
	// IntentClimateTemp sets or steps a zone's temperature.
	IntentClimateTemp = "climate.temp"
	// IntentClimateFan sets or steps the fan speed.
	IntentClimateFan = "climate.fan"
	// IntentClimateMode chooses where the air blows.
	IntentClimateMode = "climate.mode"
	// IntentClimateDefrost switches the front or rear defrost.
	IntentClimateDefrost = "climate.defrost"
	// IntentClimateRecirc switches recirculation.
	IntentClimateRecirc = "climate.recirc"
	// IntentCabinWindow opens, closes or vents a window or the sunroof.
	IntentCabinWindow = "cabin.window"
	// IntentCabinLights switches lights (ambient, reading, head, fog, hazard).
	IntentCabinLights = "cabin.lights"
	// IntentMediaPlay plays a song, artist or source.
	IntentMediaPlay = "media.play"
	// IntentMediaPause pauses the media.
	IntentMediaPause = "media.pause"
	// IntentMediaNext skips to the next track.
	IntentMediaNext = "media.next"
	// IntentMediaPrevious goes back a track.
	IntentMediaPrevious = "media.previous"
	// IntentMediaVolume sets, steps or mutes the volume.
	IntentMediaVolume = "media.volume"
	// IntentPhoneCall calls a contact or a number.
	IntentPhoneCall = "phone.call"
	// IntentPhoneAnswer answers a ringing call.
	IntentPhoneAnswer = "phone.answer"
	// IntentPhoneHangup ends a call.
	IntentPhoneHangup = "phone.hangup"
	// IntentAssistEngage engages driver assistance or L3.
	IntentAssistEngage = "assist.engage"
	// IntentAssistDisengage switches the assistance off.
	IntentAssistDisengage = "assist.disengage"
	// IntentAssistSetSpeed sets the assistance's cruise speed.
	IntentAssistSetSpeed = "assist.set_speed"
	// IntentAssistLaneChange asks for a lane change.
	IntentAssistLaneChange = "assist.lane_change"
	// IntentAssistSetGap sets the following distance.
	IntentAssistSetGap = "assist.set_gap"
	// IntentAssistTakeover is the driver saying "I have control" (我来开): it acknowledges a takeover request; only hands, eyes and a control input hand the car back.
	IntentAssistTakeover = "assist.takeover"
	// IntentParkStart starts automated parking, or chooses a slot.
	IntentParkStart = "park.start"
	// IntentParkPause pauses the parking manoeuvre.
	IntentParkPause = "park.pause"
	// IntentParkResume resumes the parking manoeuvre.
	IntentParkResume = "park.resume"
	// IntentParkCancel cancels parking.
	IntentParkCancel = "park.cancel"
	// IntentParkRemote starts remote parking in or out from the phone.
	IntentParkRemote = "park.remote"
	// IntentVehicleQuery asks for a figure of the car (range, battery, speed…).
	IntentVehicleQuery = "vehicle.query"
	// IntentVehicleDriveMode chooses a drive mode.
	IntentVehicleDriveMode = "vehicle.drive_mode"
	// IntentSystemConfirm is a yes.
	IntentSystemConfirm = "system.confirm"
	// IntentSystemDeny is a no.
	IntentSystemDeny = "system.deny"
	// IntentSystemCancel cancels what is asked or pending.
	IntentSystemCancel = "system.cancel"
	// IntentSystemHelp asks what can be said.
	IntentSystemHelp = "system.help"
	// IntentSystemUndo undoes the last command.
	IntentSystemUndo = "system.undo"
	// IntentSystemLanguage switches the language.
	IntentSystemLanguage = "system.language"
	// IntentSystemTheme switches the colour theme.
	IntentSystemTheme = "system.theme"
	// IntentSystemPanel shows a panel of the centre display (an extension
	// of SCHEMA.md v1, which lets the parser recognise more intents).
	IntentSystemPanel = "system.panel"
)
