"""Fixed vocabularies the phone app offers: emotion labels and breathing techniques."""

# Emotion labels for mood entries: plain words a client can pick quickly, pleasant and unpleasant
# alike, none of them a diagnosis.
EMOTIONS = (
    "angry", "anxious", "ashamed", "bored", "calm", "confident", "content", "disappointed",
    "excited", "frustrated", "grateful", "guilty", "happy", "hopeful", "irritable", "lonely",
    "numb", "overwhelmed", "proud", "relieved", "restless", "sad", "stressed", "tired",
)
MAX_EMOTIONS = 5

BREATHING_TECHNIQUES = ("box", "4-7-8", "paced", "physiological_sigh", "other")
MIN_BREATHING_SECONDS = 10
MAX_BREATHING_SECONDS = 7200
