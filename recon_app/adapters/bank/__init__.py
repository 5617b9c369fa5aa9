"""Bank transaction exports (issue 13): KB국민, 신한, 우리, 하나, NH농협, IBK기업, 카카오뱅크, 토스뱅크."""
