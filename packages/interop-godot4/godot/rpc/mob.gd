extends Node2D
## The spawnable scene (mob.tscn): its MultiplayerSynchronizer replicates `position`
## ("always") and `hp` ("on change"), both also part of the spawn state.

@export var hp := 10
