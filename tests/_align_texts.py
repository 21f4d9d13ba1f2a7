"""Named texts the aligner's tests share (tests/test_align.py, tests/test_sentence_scores.py): a wire story,
its rewrite, an independent report of the same event, an unrelated story, two earnings notices of one form,
another story and a partial copy of the wire, a rewrite with a gap. All written for these tests (no corpus
excerpts)."""

WIRE = (
    "Flood waters forced thousands of residents from their homes in the Danube valley on Tuesday.\n\n"
    "Regional governor Anna Kovac said 4,200 people had been moved to temporary shelters in schools.\n\n"
    "The river rose above its 2013 record level overnight after three days of heavy rain.\n\n"
    "Rail services between Linz and Krems were suspended and two bridges were closed to traffic.\n\n"
    "Forecasters expect the rain to ease on Thursday, but warned that dams upstream remain under strain."
)

# Another outlet's heavy rewrite of WIRE: same facts, new wording, one sentence added.
REWRITE = (
    "Thousands of people living in the Danube valley had to leave their homes on Tuesday because of rising flood waters.\n\n"
    "According to governor Anna Kovac, some 4,200 residents were taken to makeshift shelters set up in schools.\n\n"
    "Trains between Linz and Krems stopped running, and authorities shut two bridges to traffic.\n\n"
    "After three days of heavy rain, the river climbed overnight above the record level it reached in 2013.\n\n"
    "Local churches have started collecting blankets and food for the families.\n\n"
    "Weather services said the rain should ease on Thursday, although they warned that upstream dams remain under strain."
)

# An independent report of the same event: same names and numbers, written from scratch.
INDEPENDENT = (
    "Anna Kovac stood on the flooded square in Krems on Tuesday and asked for patience.\n\n"
    "Her office counts 4,200 evacuees so far, most of them elderly people from villages near Linz.\n\n"
    "Volunteers filled sandbags through the night as the Danube crept towards the old town walls.\n\n"
    "Insurance companies estimate the damage will be far higher than in 2013."
)

UNRELATED = (
    "The city council approved a new budget for public libraries on Monday.\n\n"
    "Opening hours will be extended on weekends starting next month.\n\n"
    "Librarians welcomed the decision but asked for more staff."
)

EARNINGS_A = (
    "Norvik Holdings said on Wednesday its third-quarter net profit rose to 412 million euros from 388 million a year earlier.\n\n"
    "Revenue increased 6 percent to 2.9 billion euros, helped by strong demand in Asia.\n\n"
    "The company confirmed its full-year outlook and said it would pay an interim dividend of 0.45 euros per share."
)

EARNINGS_B = (
    "Calder Group said on Wednesday its third-quarter net profit rose to 97 million euros from 81 million a year earlier.\n\n"
    "Revenue increased 3 percent to 1.1 billion euros, helped by strong demand in Asia.\n\n"
    "The company confirmed its full-year outlook and said it would pay an interim dividend of 0.12 euros per share."
)

OTHER_STORY = (
    "Chess grandmaster Ivo Brandt won the national championship in Graz on Sunday.\n\n"
    "He beat the defending champion in a tense final game that lasted six hours.\n\n"
    "Brandt said he would donate part of the prize money to youth chess clubs.\n\n"
    "The tournament drew a record crowd of spectators to the city hall."
)

# A longer story that reuses two paragraphs of WIRE verbatim and adds its own material.
PARTIAL = OTHER_STORY + "\n\n" + WIRE.split("\n\n")[1] + "\n\n" + WIRE.split("\n\n")[3]


# A rewrite of WIRE whose second sentence keeps only the facts' place and a few words of its source.
GAP = (
    "Thousands of people living in the Danube valley had to leave their homes on Tuesday because of rising flood waters.\n\n"
    "The governor's office put the number of displaced residents sheltering in schools at 4,200.\n\n"
    "After three days of heavy rain, the river climbed overnight above the record level it reached in 2013.\n\n"
    "Trains between Linz and Krems stopped running, and authorities shut two bridges to traffic.\n\n"
    "Weather services said the rain should ease on Thursday, although they warned that upstream dams remain under strain."
)
