/**
 * Short passages in languages written in Windows-1250 / ISO-8859-2 (Central European) and in
 * Windows-1252 (Western) before UTF-8, written for the encoding detector's tests and measurement
 * (`npx tsx bench/legacy-encodings.ts`). Plain prose of the kind a handbook holds.
 */
export const CENTRAL_EUROPEAN: Record<string, string> = {
  polish: 'Zwroty przyjmujemy w ciągu czternastu dni. Pieniądze oddajemy na konto, z którego przyszła płatność; źle zapakowany towar może zostać odrzucony. Pytania prosimy kierować do działu obsługi klienta w Łodzi.',
  czech: 'Zboží lze vrátit do čtrnácti dnů. Peníze vracíme na účet, ze kterého přišla platba; špatně zabalené zboží může být odmítnuto. Dotazy směřujte na oddělení péče o zákazníky v Ústí nad Labem.',
  slovak: 'Tovar je možné vrátiť do štrnástich dní. Peniaze vraciame na účet, z ktorého prišla platba; zle zabalený tovar môže byť odmietnutý. Otázky posielajte oddeleniu starostlivosti o zákazníkov v Ľubochni.',
  hungarian: 'A terméket tizennégy napon belül lehet visszaküldeni. A pénzt arra a számlára utaljuk vissza, ahonnan a fizetés érkezett; a rosszul csomagolt árut visszautasíthatjuk. Kérdéseivel forduljon győri ügyfélszolgálatunkhoz.',
  romanian: 'Produsele pot fi returnate în paisprezece zile. Banii sunt returnaţi în contul din care a venit plata; marfa ambalată greşit poate fi refuzată. Întrebările se trimit departamentului de relaţii cu clienţii din Braşov.',
  croatian: 'Robu je moguće vratiti u roku od četrnaest dana. Novac vraćamo na račun s kojeg je stiglo plaćanje; loše zapakirana roba može biti odbijena. Pitanja šaljite službi za korisnike u Đakovu.',
  slovenian: 'Blago lahko vrnete v štirinajstih dneh. Denar vrnemo na račun, s katerega je prišlo plačilo; slabo zapakirano blago lahko zavrnemo. Vprašanja pošljite službi za pomoč strankam v Kočevju.',
};

export const WESTERN: Record<string, string> = {
  english: 'Sand costs £40 for 3 m³, delivered; the café orders ½ a load — “no returns”.',
  french: 'Les retours sont acceptés sous quatorze jours. Le remboursement est effectué sur le compte d’origine ; une marchandise mal emballée peut être refusée. Adressez vos questions au service client à Besançon, où l’équipe vous répondra.',
  german: 'Rücksendungen werden innerhalb von vierzehn Tagen angenommen. Das Geld wird auf das Konto zurückerstattet, von dem die Zahlung kam; schlecht verpackte Ware kann abgelehnt werden. Fragen bitte an den Kundendienst in Göttingen – größere Beträge prüfen wir gesondert.',
  spanish: '¿Quiere devolver un artículo? Se aceptan devoluciones durante catorce días. El reembolso se hace a la cuenta de origen; la mercancía mal embalada puede ser rechazada. Diríjase al servicio de atención al cliente en La Coruña.',
  portuguese: 'As devoluções são aceites no prazo de catorze dias. O reembolso é feito na conta de origem; a mercadoria mal embalada pode ser recusada. Envie as suas questões ao serviço de apoio ao cliente em São João da Madeira.',
  italian: 'I resi sono accettati entro quattordici giorni. Il rimborso è effettuato sul conto di origine; la merce imballata male può essere rifiutata. Per domande rivolgersi al servizio clienti di Forlì, che risponderà più presto possibile.',
  danish: 'Varer kan returneres inden for fjorten dage. Pengene bliver tilbagebetalt til den konto, betalingen kom fra; dårligt emballerede varer kan blive afvist. Spørgsmål sendes til kundeservice i Århus.',
  swedish: 'Varor kan returneras inom fjorton dagar. Pengarna betalas tillbaka till det konto som betalningen kom från; dåligt förpackade varor kan avvisas. Frågor skickas till kundtjänst i Växjö.',
  icelandic: 'Hægt er að skila vörum innan fjórtán daga. Endurgreiðsla fer á reikninginn sem greitt var af; illa pakkaðar vörur geta verið hafnaðar. Spurningum skal beint til þjónustuvers í Reykjavík.',
  dutch: 'Retouren worden binnen veertien dagen geaccepteerd. Het geld wordt teruggestort op de rekening waarvan de betaling kwam; slecht verpakte goederen kunnen worden geweigerd. Vragen naar de klantenservice in Zeeuws-Vlaanderen, ook voor ruïnes en cafés.',
};

/** The text's bytes in a single-byte encoding (each character must exist in it). */
export function encodeSingleByte(text: string, encoding: 'windows-1252' | 'windows-1250' | 'iso-8859-2'): Uint8Array {
  const table = new Map<string, number>();
  // Node reads the label windows-1252 as ISO-8859-1; the standard's 0x80–0x9F come from the test's own table.
  const decoder = new TextDecoder(encoding);
  for (let b = 0xff; b >= 0; b--) table.set(decoder.decode(Uint8Array.of(b)), b);
  if (encoding === 'windows-1252') [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'].forEach((c, i) => table.set(c, 0x80 + i));
  return Uint8Array.from([...text].map((c) => {
    const byte = table.get(c);
    if (byte === undefined) throw new Error(`${JSON.stringify(c)} has no byte in ${encoding}`);
    return byte;
  }));
}
