"""Content of the demo workshop created by `python run.py --demo` (Danish)."""

TITLE: str = "Ingen unge skal stå alene – åbent værksted"

VISION: str = (
    "I Havbjerg Kommune skal alle børn og unge have mindst ét fællesskab, hvor de føler sig "
    "set og savnet. Sammen – kommune, foreninger, skoler, forældre og de unge selv – vil vi "
    "finde konkrete veje ud af ensomheden. Ingen kan løse det alene, men alle kan gøre noget."
)

LANGUAGE = "da"

THEMES: list[str] = [
    "Fællesskaber i fritiden",
    "Skolen og klassen",
    "Digitalt liv og ensomhed",
    "Overgange og udsatte unge",
]

CARDS: list[tuple[int, str, str, str | None]] = [
    # 0 – Fællesskaber i fritiden
    (
        0,
        "idea",
        "Der burde være et sted at hænge ud om fredagen, hvor man ikke SKAL lave noget. "
        "Bare sofaer, musik og en voksen, man kan snakke med.",
        "Ali, 16 år",
    ),
    (
        0,
        "idea",
        "Gratis prøvetimer i alle klubber i en hel uge i september, så man kan prøve "
        "uden at melde sig ind først.",
        None,
    ),
    (
        0,
        "idea",
        "Mange børn går ikke til noget, fordi det koster for meget. Kan vi lave en "
        "fritidspulje, som skolen og sundhedsplejen kan henvise til?",
        "Mette, sundhedsplejerske",
    ),
    (
        0,
        "actor",
        "Den lokale FDF-kreds – vi har plads til flere om tirsdagen og kan hente nye børn "
        "ved skolen de første gange.",
        "Søren, FDF-leder",
    ),
    (
        0,
        "actor",
        "Havbjerg IF – vi har trænere, der gerne tager imod børn, som aldrig har dyrket "
        "sport før. Der er ingen krav til niveau.",
        None,
    ),
    (
        0,
        "actor",
        "Biblioteket – vi har lokaler om aftenen og kan hjælpe med lektiecafé og brætspilsaftener.",
        "Lone, bibliotekar",
    ),
    (
        0,
        "initiative",
        "Fritidsguide: en frivillig følger et barn til en aktivitet de første 3-4 gange. "
        "Vi starter med 10 børn efter efterårsferien.",
        None,
    ),
    (
        0,
        "initiative",
        "Brætspilsaften på biblioteket hver anden torsdag kl. 17-20 fra september. "
        "Gratis og uden tilmelding.",
        "Lone, bibliotekar",
    ),
    (
        0,
        "initiative",
        "Én samlet oversigt over fritidstilbud for 10-18-årige – på kommunens hjemmeside "
        "og som plakater på skolerne inden sommerferien.",
        None,
    ),
    # 1 – Skolen og klassen
    (
        1,
        "idea",
        "Faste bordgrupper i kantinen, så ingen skal gå rundt med bakken og lede efter "
        "nogen at sidde sammen med.",
        None,
    ),
    (
        1,
        "idea",
        "Lærerne skal blande grupperne noget mere. Når vi selv vælger, er det altid de "
        "samme, der bliver tilbage.",
        "Freja, 14 år",
    ),
    (
        1,
        "idea",
        "Spørg eleverne én gang om måneden, hvordan de har det i klassen – kort og anonymt. "
        "Så opdager vi det tidligere.",
        "Henrik, lærer",
    ),
    (
        1,
        "actor",
        "Skolens AKT-team – vi kommer gerne ud i klasserne og laver trivselsforløb, hvis "
        "lærerne vil have hjælp.",
        None,
    ),
    (
        1,
        "actor",
        "Elevrådet på Havbjerg Skole – vi vil gerne være med til at planlægge aktiviteter "
        "for de yngre elever.",
        "Elevrådet",
    ),
    (
        1,
        "actor",
        "Vi er nogle forældre i 5. og 6. klasse, som gerne arrangerer legegrupper, så alle "
        "bliver inviteret med.",
        None,
    ),
    (
        1,
        "initiative",
        "Makkerordning for nye elever i 7. klasse fra august. Hver ny elev får en makker "
        "de første tre måneder.",
        "Skoleledelsen",
    ),
    (
        1,
        "initiative",
        "Legepatruljer i indskolingen: elever fra 5. klasse sætter lege i gang i det store "
        "frikvarter to dage om ugen.",
        None,
    ),
    (
        1,
        "initiative",
        "Fælles regel for fødselsdage: hele klassen, alle drengene, alle pigerne eller en "
        "fast gruppe. Tages op på næste forældremøde.",
        "Camilla, mor til to",
    ),
    # 2 – Digitalt liv og ensomhed
    (
        2,
        "idea",
        "Man kan godt have 300 følgere og stadig ikke have nogen at skrive til, når det er "
        "svært. Det skal de voksne forstå.",
        "Noah, 17 år",
    ),
    (
        2,
        "idea",
        "Gaming er også et fællesskab. Lav gaming-aftener i klubben i stedet for kun at se "
        "det som et problem.",
        None,
    ),
    (
        2,
        "idea",
        "Vi forældre ved for lidt om, hvad børnene laver online. Korte aftenmøder om apps og "
        "spil ville hjælpe os meget.",
        None,
    ),
    (
        2,
        "actor",
        "SSP – vi holder oplæg om digital trivsel og tager gerne en snak med "
        "forældregrupper om sociale medier.",
        "Jonas, SSP",
    ),
    (
        2,
        "actor",
        "Ungdomsklubben – vi har computere, konsoller og en pædagog, der selv spiller. "
        "Vi vil gerne lave faste gaming-aftener.",
        None,
    ),
    (
        2,
        "actor",
        "Vi er nogle gymnasieelever, der gerne vil fortælle de yngre, hvordan vi selv har "
        "haft det med sociale medier.",
        "Sara, 18 år",
    ),
    (
        2,
        "initiative",
        "Gaming-aften i Ungdomsklubben hver onsdag fra oktober, hvor det handler om at "
        "spille sammen og lære hinanden at kende.",
        None,
    ),
    (
        2,
        "initiative",
        "Forældremøde i 4. klasse om mobil, sociale medier og fællesskab – med SSP. "
        "Første møde i november.",
        "Jonas, SSP",
    ),
    (
        2,
        "initiative",
        "Anonym chat på kommunens ungeside, hvor man kan skrive med en voksen to aftener om ugen.",
        None,
    ),
    # 3 – Overgange og udsatte unge
    (
        3,
        "idea",
        "Når man flytter til byen, kender man ingen. Nye familier burde have én voksen, der "
        "hjælper børnene ind i et fritidstilbud.",
        None,
    ),
    (
        3,
        "idea",
        "Overgangen fra 9. klasse til ungdomsuddannelse er hård. Mange mister deres venner "
        "på én gang – det gjorde jeg.",
        "Emma, 19 år",
    ),
    (
        3,
        "idea",
        "Børn med syge forældre eller forældre med misbrug trækker sig tit. De har brug for "
        "et sted, hvor de ikke skal forklare sig.",
        "Karin, socialrådgiver",
    ),
    (
        3,
        "actor",
        "Frivilligcentret – vi kan hjælpe med at finde og klæde frivillige på til "
        "mentorordninger og følgeskab.",
        "Frivilligcentret",
    ),
    (
        3,
        "actor",
        "Sundhedsplejen – vi ser alle elever i indskolingen og i 8. klasse og kan henvise "
        "videre, hvis vi opdager ensomhed.",
        None,
    ),
    (
        3,
        "actor",
        "Ungdomsskolen – vi har hold for unge, der er droppet ud eller står mellem to "
        "uddannelser, og kan åbne flere pladser.",
        None,
    ),
    (
        3,
        "initiative",
        "Mentorordning: unge fra ungdomsuddannelserne bliver mentor for en elev i 9. klasse "
        "det sidste halve år. Pilot med 15 par.",
        None,
    ),
    (
        3,
        "initiative",
        "Velkomstpakke til nye familier med børn: fritidsoversigt og et opkald fra en "
        "frivillig inden for den første måned.",
        "Frivilligcentret",
    ),
    (
        3,
        "initiative",
        "Samtalegruppe for børn med syge forældre hver anden mandag på biblioteket fra "
        "januar. Ledes af en psykolog og en frivillig.",
        None,
    ),
]
